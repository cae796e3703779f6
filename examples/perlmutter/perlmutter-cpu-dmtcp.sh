#!/bin/bash
#SBATCH -J test_cr
#SBATCH -q debug
#SBATCH -N 1
#SBATCH -C cpu
#SBATCH -t 00:10:00
#SBATCH -o %x-%j.out
#SBATCH -e %x-%j.err
#SBATCH --time-min=00:10:00
#
# NERSC's perlmutter-cpu-dmtcp.sh under crjob: ./payload.sh, unmodified in what matters (it keeps
# its step in memory only, like the seed's loop), checkpointed by DMTCP from outside.
#
# crjob start-coordinator runs the job's dmtcp_coordinator (as its own child, not a --daemon that
# escapes the job) and checkpoints every CKPT_INTERVAL seconds (120, as NERSC's -i 120); each
# checkpoint is stored as a generation in ./crjob.ckpt: images hard-linked, sha256 in a manifest.
# From a login node, in this directory: ./dmtcp_command.<jobid> --checkpoint (as NERSC documents it),
# or crjob checkpoint --job <jobid>. Restart in a new job with perlmutter-cpu-dmtcp-restart.sh.
#
# Without DMTCP the job fails at once and says how to get it (nersc_cr's start_coordinator ran
# `exit 0`: the job "succeeded" having done nothing).

# DMTCP: the site's module where there is one, else $DMTCP_ROOT or PATH
if type module >/dev/null 2>&1; then module load dmtcp; fi
export PAYLOAD_STATE=none    # the payload keeps its step in memory only: DMTCP saves the process

#checkpointing once every two minutes
eval "$(crjob start-coordinator --engine dmtcp -i "${CKPT_INTERVAL:-120}")" || exit 1

#running under dmtcp control
crjob launch -- ./payload.sh
