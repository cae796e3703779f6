#!/bin/bash
#SBATCH -J count -t 00:10:00 -o count-%j.out --open-mode=append
#
# The counting example under crjob's coordinator (the signal engine): count.sh saves its count when
# crjob sends it USR1. Submit it from this directory (crjob on PATH):
#
#   sbatch count-job.sh
#   crjob checkpoint --job <jobid>        # from a login node: a checkpoint now
#   ./crjob_command.<jobid> status        # the same coordinator, from this directory
#   crjob quit --job <jobid>              # stop it
#   sbatch count-job.sh                   # a new job: restarts from the newest checkpoint
#
# For a job that requeues itself before its time limit, see crjob run (examples/perlmutter).
export COUNT_TO=${COUNT_TO:-600} COUNT_STEP=${COUNT_STEP:-1}

# a checkpoint every 60 s, and a coordinator reachable from the login node
eval "$(crjob start-coordinator -i 60)"

if crjob checkpoints | grep -q '^[0-9]'; then
    crjob restart                      # the command and state files are recorded with the checkpoint
else
    crjob launch --state count.ckpt -- ./count.sh
fi
