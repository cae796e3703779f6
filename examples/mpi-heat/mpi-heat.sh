#!/bin/bash
#SBATCH -J mpi-heat -N 2 -n 4 -t 00:03:00 -o mpi-heat-%j.out
#SBATCH --comment=00:30:00 --signal=B:USR1@90
#SBATCH --requeue --open-mode=append
#
# heat.c on two nodes as a variable-time job: one submission runs the computation to its end, however many
# 3-minute runs that takes. Build heat first, in this directory, with MPICH's compiler:
#
#   mpicc.mpich -O2 -o heat heat.c -lm       # or mpicc where it is MPICH's
#   sbatch mpi-heat.sh
#
# When Slurm warns that the limit is near (USR1, 90 s ahead, up to 60 s earlier than that), crjob sends USR1 to
# srun, which passes it on to every rank. The ranks finish their step, agree on it, each writes
# restart/rank-<r>.bin and they all exit 0: the step's exit, after every --state file was written, tells crjob
# that all of them saved. crjob stores the rank files as one checkpoint generation, charges the run to the budget
# in --comment and requeues the job; the next run puts the files back and heat goes on from their step.
#
# exec matters: --signal=B:... reaches only the batch shell, and exec makes crjob that shell.
# Run crjob once, here, never inside the ranks (crjob refuses to run once per task under srun).

# pmi2: how Debian's Slurm starts MPICH's ranks (MpiDefault may be none)
export SLURM_MPI_TYPE=${SLURM_MPI_TYPE:-pmi2}
cells=${HEAT_CELLS:-1000} steps=${HEAT_STEPS:-2000} ms=${HEAT_MS_PER_STEP:-100}

# one --state file per rank
state=()
for ((rank = 0; rank < SLURM_NTASKS; rank++)); do
    state+=(--state "restart/rank-$rank.bin")
done

echo "mpi-heat: run $((${SLURM_RESTART_COUNT:-0} + 1)) on $SLURM_JOB_NODELIST, $SLURM_NTASKS ranks"
exec crjob run "${state[@]}" -- srun ./heat "$cells" "$steps" "$ms"
