#!/bin/bash
#SBATCH -J test_cr
#SBATCH -q debug
#SBATCH -N 1
#SBATCH -C cpu
#SBATCH -t 00:10:00
#SBATCH -o %x-%j.out
#SBATCH -e %x-%j.err
#SBATCH --time-min=00:10:00
#
# NERSC's perlmutter-cpu-dmtcp-restart.sh under crjob: continues ./payload.sh in a new job from
# the newest checkpoint that perlmutter-cpu-dmtcp.sh stored in ./crjob.ckpt. Submit it from the
# same directory once that job has ended (or with sbatch -d afterany:<jobid>).
#
# crjob restart takes the newest generation whose sha256 still match (an older one if the
# newest is damaged, with a warning), puts its images back where DMTCP wrote them, and runs
# dmtcp_restart from this directory: the payload continues from its step into this job's
# output file. It checkpoints again every CKPT_INTERVAL seconds, so a chain of restart jobs works.

# DMTCP: the site's module where there is one, else $DMTCP_ROOT or PATH
if type module >/dev/null 2>&1; then module load dmtcp; fi

#checkpointing once every two minutes
eval "$(crjob start-coordinator --engine dmtcp -i "${CKPT_INTERVAL:-120}")" || exit 1

#restarting from the newest complete checkpoint
crjob restart
