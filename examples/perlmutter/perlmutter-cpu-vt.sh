#!/bin/bash
#SBATCH -J test_cr
#SBATCH -q debug
#SBATCH -N 1
#SBATCH -C cpu
#SBATCH -t 00:06:00
#SBATCH -e %x-%j.err
#SBATCH -o %x-%j.out
#SBATCH --time-min=00:06:00
#SBATCH --comment=00:17:00
#SBATCH --signal=B:USR1@60
#SBATCH --requeue
#SBATCH --open-mode=append
#
# A variable-time job: runs ./payload.sh (an application that checkpoints itself) and,
# when Slurm warns that the time limit is near (USR1, 60 s ahead; it may come up to 60 s
# earlier than that), stops the payload cleanly and requeues itself. The requeued job
# keeps its job id, appends to the same output files and resumes from the payload's
# state file; this repeats until the payload has done all its work.
#
# --comment holds the total time budget, as in NERSC's perlmutter-cpu-dmtcp-vt.sh. This
# plain script does not charge it: it honours every requeue as long as the payload makes
# progress. The crjob engine will charge the budget and stop requeueing once it is spent.

echo "restart count: ${SLURM_RESTART_COUNT:-0}"

payload=
requeue_on_usr1() {
    echo "$(date '+%F %T') USR1: time limit near; stopping the payload and requeueing job $SLURM_JOB_ID"
    # The payload finished just as the signal came: nothing left to do, so no requeue;
    # the script ends below with the payload's own exit code.
    kill -0 "$payload" 2>/dev/null || return 0

    # TERM asks the payload to save and exit; it never stops in the middle of writing its
    # state. Wait for that (bounded), so no process of ours survives into the requeue.
    kill -TERM "$payload"
    for _ in {1..30}; do kill -0 "$payload" 2>/dev/null || break; sleep 1; done
    kill -KILL "$payload" 2>/dev/null && echo "payload ignored TERM for 30 s; killed it"
    wait "$payload"
    echo "payload stopped (exit $?)"

    # Slurm now ends this run (the log shows "CANCELLED ... DUE TO JOB REQUEUE") and holds
    # the job about two minutes (Reason=BeginTime) before it may start again.
    scontrol requeue "$SLURM_JOB_ID" || { echo "scontrol requeue failed" >&2; exit 1; }
    exit 0
}
trap requeue_on_usr1 USR1

# Run the payload in the background and `wait` for it: bash runs a trap only after its
# foreground command has ended, so with the payload in the foreground USR1 would be
# handled only when the payload had finished, i.e. too late. A trapped signal ends `wait`
# at once.
./payload.sh &
payload=$!
wait "$payload"
rc=$?
# `wait` also returns (with 128+signal) when a trap ran and returned, i.e. USR1 came just
# as the payload ended; waiting again gives the payload's own exit status.
((rc > 128)) && { wait "$payload"; rc=$?; }
echo "payload exited with status $rc"
exit "$rc"
