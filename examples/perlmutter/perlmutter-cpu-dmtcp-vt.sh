#!/bin/bash
#SBATCH -J test
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
# NERSC's variable-time job (perlmutter-cpu-dmtcp-vt.sh) under crjob: one submission runs
# ./payload.sh (its step in memory only) to the end with DMTCP, however many 6-minute runs that
# takes.
#
# The first run launches the payload under dmtcp_launch. When Slurm warns that the limit is near
# (USR1, 60 s ahead, or earlier), crjob takes a last DMTCP checkpoint that also ends the payload
# (nothing it does afterwards is lost or done twice), stores it as a generation in ./crjob.ckpt/JOBID,
# charges the time this run really took to the budget in --comment, and requeues the job. The next
# run restarts the payload from that checkpoint with dmtcp_restart, into the same output file.
# crjob stops requeueing when the budget is spent and says why; its log lines go to the .err file.
#
# exec matters: --signal=B:... reaches only the batch shell, and exec makes crjob that shell.

# DMTCP: the site's module where there is one, else $DMTCP_ROOT or PATH
if type module >/dev/null 2>&1; then module load dmtcp; fi
export PAYLOAD_STATE=none    # the payload keeps its step in memory only: DMTCP saves the process

echo "restart count: ${SLURM_RESTART_COUNT:-0}"
exec crjob run --engine dmtcp -- ./payload.sh
