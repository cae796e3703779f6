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
#for c/r jobs: crjob's signal engine, no DMTCP (count.sh saves its own state on USR1)
export CRJOB_ENGINE=signal
eval "$(crjob shell-init bash)"
start_coordinator
#c/r jobs
if [[ $(restart_count) == 0 ]]; then
#user setting
crjob launch --state count.ckpt -- ./count.sh &
elif [[ $(restart_count) > 0 ]] && [[ -d crjob.ckpt ]]; then
crjob restart &
else
echo "Failed to restart the job, exit"; exit
fi
# requeueing the job if remaining time >0
ckpt_command=ckpt_crjob #additional checkpointing right before the job hits the wall limit
requeue_job func_trap USR1
wait
