#!/usr/bin/env python3
"""A counter that answers a checkpoint request by saving its state and quitting, as GROMACS does on TERM or INT
and as most hand-written signal handlers do: the application crjob restarts in place.

It appends 1, 2, 3, ... up to TO (its argument) to count.txt, one number every STEP seconds (env, 0.2). On
SIGNAL (env, INT) it writes its count to count.state (atomically: write, then rename) and exits with QUIT_STATUS
(env, 0). With SAVE_EVERY=N it also saves and quits on its own after every N numbers (HTCondor's self-checkpointing
jobs; give crjob --checkpoint-exit-code with a QUIT_STATUS such as 85). With STOP_FILE=PATH it also saves and
quits when that file appears (as VASP on STOPCAR, LAMMPS on fix halt; give crjob --stop-file PATH). It starts from
count.state when there is one, so across any number of restarts count.txt holds every number exactly once.

    exec crjob run -i 600 --signal INT --state count.state -- ./count-and-quit.py 1000
"""
import os
import signal
import sys
import time

to = int(sys.argv[1])
step = float(os.environ.get("STEP", "0.2"))
quit_status = int(os.environ.get("QUIT_STATUS", "0"))
save_every = int(os.environ.get("SAVE_EVERY", "0"))
stop_file = os.environ.get("STOP_FILE", "")
STATE, OUT = "count.state", "count.txt"

n = int(open(STATE).read()) if os.path.exists(STATE) else 0
done = open(OUT).read().split() if os.path.exists(OUT) else []
with open(OUT, "w") as out:  # what was counted after the state was saved is counted again, once
    out.write("".join(line + "\n" for line in done[:n]))
print(f"count-and-quit: counting from {n + 1} to {to}", flush=True)


def save_and_quit(*_):
    with open(STATE + ".tmp", "w") as f:
        f.write(str(n))
    os.replace(STATE + ".tmp", STATE)
    print(f"count-and-quit: saved at {n}, quitting with status {quit_status}", flush=True)
    sys.exit(quit_status)


signal.signal(getattr(signal, "SIG" + os.environ.get("SIGNAL", "INT")), save_and_quit)
started = n
while n < to:
    if stop_file and os.path.exists(stop_file):
        save_and_quit()
    time.sleep(step)
    with open(OUT, "a") as out:
        out.write(f"{n + 1}\n")  # written before n moves on: a save in between counts this number again
    n += 1
    if save_every and n - started >= save_every and n < to:
        save_and_quit()
print(f"count-and-quit: done at {n}", flush=True)
