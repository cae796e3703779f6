#!/bin/bash
# A counting "simulation" that checkpoints itself on a signal, in the spirit of the CÉCI slides'
# count-signal demo: the smallest application the crjob signal engine can run.
#
# It appends 1, 2, 3, ... to $COUNT_OUT, one number every $COUNT_STEP seconds, up to $COUNT_TO.
# On USR1 (crjob checkpoint) it copies its output to the restart file $COUNT_CKPT, atomically, and
# says it is done by creating $CRJOB_DONE_FILE. Under crjob restart (CRJOB_GENERATION set) it starts
# from the restart file crjob put back, so after any number of restarts the output holds every number
# exactly once. With COUNT_TIMES set, it also appends "step N", "checkpoint N" and "restarted N" lines
# with the time ($EPOCHREALTIME) to that file, for bench/requeue.
#
#   crjob launch --state count.ckpt -- ./count.sh
set -u
out=${COUNT_OUT:-count.txt}
ckpt=${COUNT_CKPT:-count.ckpt}
to=${COUNT_TO:-100}
step=${COUNT_STEP:-1}
times=${COUNT_TIMES:-}
clock() { [[ -z $times ]] || echo "$1 $n $EPOCHREALTIME" >>"$times"; }

if [[ -n ${CRJOB_GENERATION:-} && -f $ckpt ]]; then
    cp "$ckpt" "$out"
    echo "count: restarted from checkpoint generation $CRJOB_GENERATION"
else
    : > "$out"
fi
n=$(tail -n 1 "$out")
n=${n:-0}
[[ -z ${CRJOB_GENERATION:-} ]] || clock restarted
echo "count: counting from $((n + 1)) to $to"

checkpoint() {
    cp "$out" "$ckpt.tmp" && mv "$ckpt.tmp" "$ckpt"
    clock checkpoint
    [[ -n ${CRJOB_DONE_FILE:-} ]] && : > "$CRJOB_DONE_FILE"
    echo "count: checkpoint at $n"
}
trap checkpoint USR1

while ((n < to)); do
    n=$((n + 1))
    echo "$n" >> "$out"
    clock step
    # sleep in the background and wait: bash runs a trap only between commands, and a trapped
    # signal ends `wait` at once, so a checkpoint never waits for the sleep to finish
    sleep "$step" &
    wait $!
done
echo "count: done at $n"
