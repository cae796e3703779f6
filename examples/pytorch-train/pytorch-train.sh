#!/bin/bash
#SBATCH -J pytorch-train -n 1 -t 00:03:00 -o pytorch-train-%j.out
#SBATCH --comment=00:30:00 --signal=B:USR1@90
#SBATCH --requeue --open-mode=append
#
# train.py as a variable-time job: one submission trains to the last step, however many 3-minute runs that takes.
# Needs PyTorch for Debian's python3 (apt-get install python3-torch).
#
#   sbatch pytorch-train.sh
#
# When Slurm warns that the limit is near (USR1, 90 s ahead, up to 60 s earlier than that), crjob sends USR1 to
# train.py, which finishes its step, saves model, optimizer and step into ckpt/ (a new directory renamed into
# place) and exits 0: its exit, with ckpt/ written since the signal, tells crjob it saved. crjob stores the files
# of ckpt/ as one checkpoint generation (as hard links: each save makes new files), charges the run to the budget
# in --comment and requeues the job; the next run puts ckpt/ back exactly as it was stored, and train.py resumes.
# The final weights (final-weights.bin) equal those of an uninterrupted run, bit for bit.
#
# exec matters: --signal=B:... reaches only the batch shell, and exec makes crjob that shell.
steps=${TRAIN_STEPS:-2000} ms=${TRAIN_MS_PER_STEP:-100}

echo "pytorch-train: run $((${SLURM_RESTART_COUNT:-0} + 1))"
exec crjob run --state ckpt/ -- /usr/bin/python3 train.py "$steps" "$ms"
