#!/bin/bash
# payload.sh: the application of NERSC's Perlmutter checkpoint/restart examples
# ("step $i", date, sleep), made resumable: it checkpoints itself by writing the
# number of the last completed step to a state file after every step, and on start
# resumes after that step.
#
#   STEPS          number of steps (default 15)
#   STEP_SECONDS   length of one step, in whole seconds (default 60)
#   PAYLOAD_STATE  state file (default payload.state in the working directory); "none" keeps
#                  the step in memory only, as the seed's plain loop does: for the DMTCP scripts,
#                  where DMTCP checkpoints the whole process from outside
#
# Signals: USR1 = checkpoint and quit: save and exit 0 (what crjob sends before the time limit;
#                 the CÉCI count-signal pattern, a code that saves and quits);
#          TERM (or INT) = save and exit 143 (130): killed.
# Either way the step in progress is not done: it is redone on resume, so across restarts
# every "step N" line appears exactly once. Exit 0 once all steps are done.

STEPS=${STEPS:-15}
STEP_SECONDS=${STEP_SECONDS:-60}
STATE=${PAYLOAD_STATE:-payload.state}

# Atomic save: write a temporary file, then rename it over the state file, so a
# reader (or a restart after a crash) sees the old or the new state, never half of one.
save() {
    [[ $STATE == none ]] && return 0
    echo "$done_steps" >"$STATE.tmp" && mv -f "$STATE.tmp" "$STATE"
}

done_steps=0
if [[ $STATE != none && -s $STATE ]]; then
    read -r done_steps <"$STATE"
    [[ $done_steps =~ ^[0-9]+$ ]] || { echo "payload: $STATE holds no step number" >&2; exit 1; }
    echo "resuming after step $done_steps"
fi

# The traps only record the request; the loop below acts on it between steps, so a
# stop can never fall between saving a step and printing it.
stop_rc=
trap 'stop_rc=143' TERM
trap 'stop_rc=130' INT
trap 'stop_rc=0' USR1

# The step's "work" is a wait in bash's own `read -t` on the output of a bash child that only
# waits for its input (ours, which we never write; it ends with us, not on our signals). No `sleep`
# forked per step, as NERSC's payload forks none: a process that forks as a DMTCP checkpoint
# begins can lose its child or be killed (docs/dmtcp-facts.md, 19). The child is forked once.
coproc NEVER { trap '' TERM INT USR1; read -r; }

for ((i = done_steps + 1; i <= STEPS; i++)); do
    # One-second waits: bash runs a trap during `read` but then goes on reading, so a longer
    # wait would delay a TERM or USR1 by up to a whole step.
    second=0
    while [[ -z $stop_rc ]] && ((second++ < STEP_SECONDS)); do
        read -r -t 1 -u "${NEVER[0]}" || (($? > 128)) || [[ -n $stop_rc ]] ||
            { echo "payload: step $i failed: its wait ended early" >&2; exit 1; }
    done
    # Stopped mid-step: this step is not done; it is redone on resume.
    [[ -n $stop_rc ]] && break

    # A step is reported once it is done and saved, so across restarts each
    # "step N" line appears exactly once.
    done_steps=$i
    save
    echo "step $i"
    printf '%(%a %b %e %T %Z %Y)T\n' -1    # the date, as date(1) prints it, without forking it
    [[ -n $stop_rc ]] && break
done

if [[ -n $stop_rc ]]; then
    save
    [[ $STATE == none ]] && STATE="memory only"
    if ((stop_rc == 0)); then
        echo "payload: checkpointed after step $done_steps of $STEPS (state in $STATE); run again to resume"
    else
        echo "payload: stopped after step $done_steps of $STEPS (state saved in $STATE)"
    fi
    exit "$stop_rc"
fi
echo "payload: all $STEPS steps done"
