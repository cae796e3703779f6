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
# NERSC's variable-time job (perlmutter-cpu-dmtcp-vt.sh) for an application that checkpoints
# itself, under crjob: one submission runs ./payload.sh to the end, however many 6-minute
# runs that takes.
#
# When Slurm warns that the limit is near (USR1, 60 s ahead, up to 60 s earlier than that),
# crjob asks the payload to save (USR1 again: it saves and quits), stores a copy of
# payload.state as a checkpoint generation, charges the time this run really took to the
# budget in --comment (17 minutes for all runs together), and requeues the job. The next run
# puts payload.state back and starts the payload again, which resumes after its last step.
# crjob stops requeueing when the budget is spent and says why; its log lines go to the
# .err file.
#
# exec matters: --signal=B:... reaches only the batch shell, and exec makes crjob that shell.

echo "restart count: ${SLURM_RESTART_COUNT:-0}"
exec crjob run --state payload.state -- ./payload.sh
