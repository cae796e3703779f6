# crjob shell-init bash: the functions of NERSC's nersc_cr module (cr_functions.sh), as thin calls
# into crjob, with nersc_cr's bugs fixed. In a job script, instead of `module load dmtcp nersc_cr`:
#
#   module load dmtcp                   # for the DMTCP engine (the default)
#   eval "$(crjob shell-init bash)"     # or: . <(crjob shell-init bash)
#
# start_coordinator [-i SECONDS] [dmtcp_coordinator args]
#     Starts this job's crjob coordinator and exports CRJOB_JOB_ID, CRJOB_STATE_FILE, CRJOB_COORD_HOST,
#     CRJOB_COORD_PORT and, as nersc_cr did, DMTCP_COORD_HOST and DMTCP_COORD_PORT; writes
#     ./crjob_command.$SLURM_JOB_ID (e.g. `./crjob_command.123 checkpoint` from a login node).
#     The engine is DMTCP unless CRJOB_ENGINE=signal. dmtcp_coordinator's options, as crjob maps them:
#       -i/--interval SECONDS   checkpoint every SECONDS seconds, each stored as a generation (crjob's
#                               interval; DMTCP's own is turned off: its images would not be stored)
#       -c/--ckptdir DIR        the checkpoint store (crjob start-coordinator --ckpt-dir DIR), for either engine
#       -t/--tmpdir DIR         DMTCP_TMPDIR for the whole job
#       --daemon, --exit-on-last, -q/--quiet: what crjob's coordinator does anyway (accepted, no effect)
#     and crjob's own DMTCP options, exported for the script's own dmtcp_launch where DMTCP has a
#     variable for them and used by `crjob launch`: --gzip, --no-gzip, --with-plugin PATH,
#     --ckpt-open-files, --allow-file-overwrite, --modify-env. Any other option is named and ignored.
#     With DMTCP, DMTCP_COORD_HOST/DMTCP_COORD_PORT name the job's real dmtcp_coordinator (a child of
#     crjob's coordinator) and DMTCP_CHECKPOINT_DIR its image directory in the store, so the script's own
#     `dmtcp_launch -j ./payload.sh &` runs under it and ckpt_dmtcp checkpoints it; it also writes
#     NERSC's ./dmtcp_command.$SLURM_JOB_ID (--checkpoint, --status, --quit, -i N) and, when the store
#     holds a checkpoint, restores it and links ./dmtcp_restart_script.sh to its restart script, so
#     `./dmtcp_restart_script.sh &` restarts it under the new coordinator.
#     With DMTCP missing it fails loudly: a message saying how to get DMTCP, and in a batch job
#     `exit 1`, so the job fails (nersc_cr ran `exit 0`: the job "succeeded" having done nothing).
#     With CRJOB_ENGINE=signal the application saves its own state when signalled, and must be
#     started under the coordinator with `crjob launch --state FILE -- CMD &` (first run) and
#     `crjob restart &` (after a requeue); -c DIR still names the store, the other args are for DMTCP
#     and are ignored.
# restart_count
#     Prints ${SLURM_RESTART_COUNT:-0} and nothing else: `if [[ $(restart_count) == 0 ]]; then ...`
# requeue_job FUNC SIG...
#     Runs parse_job. When a useful run is left in the budget, installs `trap "FUNC SIG" SIG` for each
#     SIG and says so in one line on stderr; otherwise says in one line why not (budget or requeue
#     limit spent, the job's Comment is not a time) and installs nothing. Returns 0 when the trap is
#     installed or when crjob decided that no requeue is possible (the run goes on, it is the last);
#     non-zero when it could not decide: 3 outside a Slurm job, 2 when the Comment is not a time.
# func_trap SIG
#     The trap: runs $ckpt_command if set (split into words, no pathname expansion); ends this run
#     (crjob quit stops the application and the coordinator, then TERM goes to the script's background
#     jobs, so no process of this run outlives it: nersc_cr's users patched func_trap for this); then `crjob requeue`, which charges the time
#     this run really took (now - StartTime, not the whole limit as nersc_cr did) to the budget in the
#     job's Comment, decides, writes the Comment, lowers the next TimeLimit when less budget than a limit
#     is left (or to max_timelimit) and requeues the job. When $ckpt_command failed, the job is requeued
#     only if an earlier checkpoint verifies. All of it before the requeue, since Slurm ends the batch
#     shell as soon as the job is requeued. Returns crjob requeue's status: 0 requeued, 7 not requeued
#     (under set -e the script then ends with 7, as crjob run does).
# ckpt_crjob, ckpt_dmtcp
#     A blocking `crjob checkpoint` (whatever the coordinator's engine), reporting how long it took
#     on stderr; non-zero when the checkpoint failed. Use as ckpt_command=ckpt_dmtcp or ckpt_crjob.
# parse_job
#     `crjob requeue --check`: charges nothing, exits 0 with "budget left ..." on stderr, or 7 with why.
# secs2timestr SECONDS, timestr2secs TIME
#     Slurm's time formats, read as Slurm reads them: timestr2secs 30 is 1800 (a bare number is minutes),
#     timestr2secs 2-12 is 216000; secs2timestr 90061 is 1-01:01:01.
#
# Variables read (set them before requeue_job; all optional):
#   ckpt_command   the command func_trap runs first, e.g. ckpt_dmtcp or ckpt_crjob
#   ckpt_overhead  seconds a checkpoint takes: a requeue needs at least 2 x ckpt_overhead (and at
#                  least 5 minutes) of budget left to be worth it
#   max_timelimit  the longest TimeLimit a run after a requeue gets, in any Slurm form (48:00:00, 2-00)
#   CRJOB_ENGINE   dmtcp (default) or signal
#
# Every function works in scripts under `set -euo pipefail` and prints nothing on stdout except the
# values of restart_count, secs2timestr and timestr2secs; messages go to stderr as [crjob HH:MM:SS] lines.

if [ -z "${BASH_VERSION:-}" ]; then
    echo "crjob shell-init bash: these functions need bash, and this shell is not bash" >&2
else

_crjob_cli() {
    @CRJOB_LAUNCHER@ "$@"
}

_crjob_say() {
    printf '[crjob %(%H:%M:%S)T] %s\n' -1 "$*" >&2
}

# In a batch job (not an interactive salloc shell): where a failure must end the job.
_crjob_in_batch() {
    [[ -n ${SLURM_JOB_ID:-${SLURM_JOBID:-}} && $- != *i* ]]
}

# crjob's messages as one line: without their "[crjob HH:MM:SS] " or "crjob: " prefixes, joined by "; ".
_crjob_one_line() {
    local line joined=
    while IFS= read -r line; do
        if [[ $line =~ ^\[crjob\ [0-9:]+\]\ (.*)$ ]]; then
            line=${BASH_REMATCH[1]}
        fi
        line=${line#crjob: }
        if [[ -n $line ]]; then
            joined=${joined:+$joined; }$line
        fi
    done <<<"$1"
    printf '%s' "$joined"
}

# Now in microseconds, into _crjob_usec.
_crjob_now() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        _crjob_usec=${EPOCHREALTIME//[!0-9]/}
    else
        _crjob_usec=$(($(date +%s) * 1000000))
    fi
}

# The crjob requeue options the nersc_cr variables ask for, into the array _crjob_opts.
_crjob_requeue_options() {
    _crjob_opts=()
    if [[ -n ${max_timelimit:-} ]]; then
        _crjob_opts+=(--max-timelimit "$max_timelimit")
    fi
    if [[ -n ${ckpt_overhead:-} ]]; then
        if [[ $ckpt_overhead =~ ^[0-9]{1,9}$ ]]; then
            local min_run=$((10#$ckpt_overhead * 2))
            if ((min_run > 300)); then
                _crjob_opts+=(--min-run "$((min_run / 60)):$((min_run % 60))")
            fi
        else
            _crjob_say "ckpt_overhead is '$ckpt_overhead', not a number of seconds: ignored"
        fi
    fi
    return 0
}

start_coordinator() {
    local interval= ckpt_dir= engine=${CRJOB_ENGINE:-dmtcp} out rc=0
    local -a dmtcp_args=() args=()
    while (($# > 0)); do
        case $1 in
            -i | --interval)
                if (($# < 2)); then
                    _crjob_say "start_coordinator: $1 needs a number of seconds"
                    return 2
                fi
                interval=$2
                shift 2
                ;;
            --interval=*) interval=${1#--interval=}; shift ;;
            -i*) interval=${1#-i}; shift ;;
            -c | --ckptdir | -t | --tmpdir | --with-plugin)
                if (($# < 2)); then
                    _crjob_say "start_coordinator: $1 needs a value"
                    return 2
                fi
                case $1 in
                    -c | --ckptdir) ckpt_dir=$2 ;;
                    -t | --tmpdir) args+=(--tmpdir "$2") ;;
                    *) args+=("$1" "$2") ;;
                esac
                shift 2
                ;;
            --ckptdir=*) ckpt_dir=${1#--ckptdir=}; shift ;;
            --tmpdir=* | --with-plugin=*) args+=("$1"); shift ;;
            --gzip | --no-gzip | --ckpt-open-files | --checkpoint-open-files | --allow-file-overwrite | --modify-env)
                args+=("$1")
                shift
                ;;
            --daemon | --exit-on-last | -q | --quiet) shift ;;
            *) dmtcp_args+=("$1"); shift ;;
        esac
    done
    case $engine in
        signal)
            if ((${#dmtcp_args[@]} + ${#args[@]} > 0)); then
                _crjob_say "start_coordinator: CRJOB_ENGINE=signal: ignoring the DMTCP options ${args[*]+${args[*]}} ${dmtcp_args[*]+${dmtcp_args[*]}}"
            fi
            args=()
            ;;
        dmtcp)
            if ! command -v dmtcp_coordinator >/dev/null 2>&1 && [[ ! -x ${DMTCP_ROOT:-/nonexistent}/bin/dmtcp_coordinator ]]; then
                _crjob_say "start_coordinator: DMTCP is not available: there is no dmtcp_coordinator on PATH, so nothing could be checkpointed."
                _crjob_say "  Load it before this line (at NERSC and most sites: module load dmtcp), or install it: https://github.com/dmtcp/dmtcp (INSTALL.md)."
                _crjob_say "  For an application that saves its own state when signalled, use crjob's signal engine instead: export CRJOB_ENGINE=signal and start it with crjob launch."
                if _crjob_in_batch; then
                    _crjob_say "start_coordinator: ending job ${SLURM_JOB_ID:-${SLURM_JOBID:-}} with status 1"
                    exit 1
                fi
                return 1
            fi
            if ((${#dmtcp_args[@]} > 0)); then
                _crjob_say "start_coordinator: ignoring the dmtcp_coordinator options ${dmtcp_args[*]+${dmtcp_args[*]}} (crjob passes -i, --ckptdir and --tmpdir on, and chooses the port itself)"
            fi
            ;;
        *)
            _crjob_say "start_coordinator: CRJOB_ENGINE is '$engine'; set it to dmtcp (the default) or signal"
            if _crjob_in_batch; then
                exit 2
            fi
            return 2
            ;;
    esac
    # the store is crjob's, whatever the engine: -c DIR holds for the signal engine too
    if [[ -n $ckpt_dir ]]; then
        args=(--ckpt-dir "$ckpt_dir" ${args[@]+"${args[@]}"})
    fi
    args=(start-coordinator --engine "$engine" ${args[@]+"${args[@]}"})
    if [[ -n $interval ]]; then
        args+=(-i "$interval")
    fi
    out=$(_crjob_cli "${args[@]}") || rc=$?
    if ((rc != 0)); then
        _crjob_say "start_coordinator: no coordinator (crjob start-coordinator exited with status $rc)"
        if _crjob_in_batch; then
            exit "$rc"
        fi
        return "$rc"
    fi
    eval "$out"
    if [[ $engine != dmtcp ]]; then
        # dmtcp: crjob start-coordinator exported the real dmtcp_coordinator's, for the script's own dmtcp_launch
        export DMTCP_COORD_HOST=${CRJOB_COORD_HOST:-} DMTCP_COORD_PORT=${CRJOB_COORD_PORT:-}
    fi
    return 0
}

restart_count() {
    printf '%s\n' "${SLURM_RESTART_COUNT:-0}"
}

parse_job() {
    _crjob_requeue_options
    _crjob_cli requeue --check ${_crjob_opts[@]+"${_crjob_opts[@]}"}
}

requeue_job() {
    if (($# < 2)); then
        _crjob_say "requeue_job: usage: requeue_job FUNC SIG..., e.g. requeue_job func_trap USR1"
        return 2
    fi
    local func=$1 sig why rc=0
    shift
    if ! type -t "$func" >/dev/null 2>&1; then
        _crjob_say "requeue_job: '$func' is not a function or command: no trap installed"
        return 2
    fi
    for sig in "$@"; do
        if ! kill -l "$sig" >/dev/null 2>&1; then
            _crjob_say "requeue_job: '$sig' is not a signal: no trap installed"
            return 2
        fi
    done
    if [[ -z ${SLURM_JOB_ID:-${SLURM_JOBID:-}} ]]; then
        _crjob_say "requeue_job: not inside a Slurm job (SLURM_JOB_ID is not set): no trap installed; submit the script with sbatch"
        return 3
    fi
    _crjob_requeue_options
    why=$(_crjob_cli requeue --check ${_crjob_opts[@]+"${_crjob_opts[@]}"} 2>&1 >/dev/null) || rc=$?
    why=$(_crjob_one_line "$why")
    case $rc in
        0)
            for sig in "$@"; do
                trap -- "$(printf '%q %q' "$func" "$sig")" "$sig"
            done
            _crjob_say "requeue_job: $why; trap installed: '$func SIG' on $*"
            return 0
            ;;
        7)
            _crjob_say "requeue_job: no trap installed, this run is the last: $why"
            return 0
            ;;
        *)
            _crjob_say "requeue_job: no trap installed: $why"
            return "$rc"
            ;;
    esac
}

func_trap() {
    local sig=${1:-signal} ckpt_rc=0 rc=0
    local -a ckpt_words=()
    _crjob_say "func_trap: $sig received (the time limit is near): checkpoint, then requeue job ${SLURM_JOB_ID:-${SLURM_JOBID:-}}"
    # split into words, as nersc_cr's unquoted $ckpt_command did (it may hold arguments), but with no
    # pathname expansion: a * in it is crjob's to read, not a file list of the working directory
    read -r -d '' -a ckpt_words <<<"${ckpt_command:-}" || true
    if ((${#ckpt_words[@]} > 0)); then
        "${ckpt_words[@]}" || ckpt_rc=$?
        if ((ckpt_rc != 0)); then
            _crjob_say "func_trap: ckpt_command '$ckpt_command' failed with status $ckpt_rc"
        fi
    fi
    # Before the requeue: once Slurm requeues the job it ends this shell, and whatever is left of it.
    _crjob_end_run
    _crjob_requeue_options
    if ((ckpt_rc != 0)); then
        _crjob_opts+=(--checkpoint-failed)
    fi
    _crjob_cli requeue ${_crjob_opts[@]+"${_crjob_opts[@]}"} || rc=$?
    return "$rc"
}

# Ends what this run started, so nothing of it outlives the run: the application and the coordinator
# (crjob quit; the coordinator is a daemon, outside the job's process tree, which Slurm's clean-up may
# miss), then TERM to the script's background jobs (nersc_cr's users patched func_trap to do this).
_crjob_end_run() {
    local pids pid rc=0
    local -a alive=()
    if [[ -n ${CRJOB_STATE_FILE:-} && -e $CRJOB_STATE_FILE ]]; then
        _crjob_cli quit >/dev/null || rc=$?
        if ((rc != 0)); then
            _crjob_say "func_trap: crjob quit exited with status $rc; the coordinator may still run"
        fi
    fi
    pids=$(jobs -p) || true
    for pid in $pids; do
        if kill -0 "$pid" 2>/dev/null; then
            alive+=("$pid")
        fi
    done
    if ((${#alive[@]} > 0)); then
        kill -TERM "${alive[@]}" 2>/dev/null || true
        _crjob_say "func_trap: sent TERM to the script's background jobs still running: ${alive[*]+${alive[*]}}"
    fi
    return 0
}

ckpt_crjob() {
    local out rc=0 start took
    _crjob_now
    start=$_crjob_usec
    out=$(_crjob_cli checkpoint "$@") || rc=$?
    _crjob_now
    took=$(((_crjob_usec - start) / 100000))
    took="$((took / 10)).$((took % 10))"
    if ((rc == 0)); then
        _crjob_say "${out:-checkpoint done}; checkpoint overhead ${took} s"
    else
        _crjob_say "the checkpoint failed (crjob checkpoint exited with status $rc) after ${took} s"
    fi
    return "$rc"
}

# DMTCP's or the signal engine's checkpoint alike: the coordinator knows its engine.
ckpt_dmtcp() {
    ckpt_crjob "$@"
}

secs2timestr() {
    if (($# != 1)); then
        _crjob_say "secs2timestr: usage: secs2timestr SECONDS"
        return 2
    fi
    _crjob_cli time --from-seconds "$1"
}

timestr2secs() {
    if (($# != 1)); then
        _crjob_say "timestr2secs: usage: timestr2secs TIME (a Slurm time: 30, 45:30, 12:00:00, 2-12, 5-00:00:00)"
        return 2
    fi
    _crjob_cli time --seconds "$1"
}

fi
