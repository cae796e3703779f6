#!/bin/bash
#SBATCH -J lammps-lj -t 00:03:00 -o lammps-lj-%j.out
#SBATCH --comment=01:00:00 --signal=B:USR1@90
#SBATCH --requeue --open-mode=append
#
# A Lennard-Jones melt in LAMMPS as a variable-time job: one submission runs it to step NSTEPS, however many
# 3-minute runs that takes. Submit from this directory (in.lj and create.lj beside the script): sbatch lammps-lj.sh
#
# When Slurm warns that the limit is near (USR1, 90 s ahead, up to 60 s earlier than that), crjob creates the file
# STOP instead of signalling LAMMPS. Within 100 steps LAMMPS' fix halt sees it (is_file(STOP)), stops the run,
# writes restart.lj and exits 0: the exit, with restart.lj written after STOP appeared, tells crjob it saved.
# crjob stores restart.lj as a checkpoint generation, removes STOP, charges the run to the budget in --comment and
# requeues the job; the next run puts restart.lj back and LAMMPS goes on from its step ("run N upto").
#
# exec matters: --signal=B:... reaches only the batch shell, and exec makes crjob that shell.

steps=${LAMMPS_STEPS:-20000}
echo "lammps-lj: run $((${SLURM_RESTART_COUNT:-0} + 1)) on $SLURM_JOB_NODELIST, up to step $steps"
exec crjob run --stop-file STOP --state restart.lj -- lmp -in in.lj -var nsteps "$steps" -log none
