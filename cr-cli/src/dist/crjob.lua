-- crjob @VERSION@: checkpoint/restart for Slurm jobs (installed by scripts/install or unpacked from the release
-- tarball as PREFIX/modulefiles/crjob/@VERSION@.lua; PREFIX is found from this file's own path)
help([[crjob @VERSION@: runs a Slurm job as long as its work needs (checkpoint, requeue, restart).
See: man crjob, crjob --help]])
whatis("Name: crjob")
whatis("Version: @VERSION@")
whatis("Description: checkpoint/restart for Slurm jobs")
local prefix = myFileName():gsub("/modulefiles/crjob/[^/]+%.lua$", "")
prepend_path("PATH", pathJoin(prefix, "bin"))
prepend_path("MANPATH", pathJoin(prefix, "share/man"))
-- bash-completion looks for completions/crjob under every XDG_DATA_DIRS entry; unset means these two, which
-- must stay in it once it is set
if os.getenv("XDG_DATA_DIRS") == nil then
  append_path("XDG_DATA_DIRS", "/usr/local/share:/usr/share")
end
prepend_path("XDG_DATA_DIRS", pathJoin(prefix, "share"))
