#!/usr/bin/python3
"""A small PyTorch training loop that saves itself when crjob asks, and resumes from what it saved.

    /usr/bin/python3 train.py [STEPS [MS_PER_STEP [CKPT_DIR]]]      defaults: 2000 100 ckpt

Deterministic on the CPU (fixed seeds, torch.use_deterministic_algorithms(True), one thread, each step's batch made
from its own seed), so the final weights of a run interrupted any number of times equal, bit for bit, those of an
uninterrupted one. MS_PER_STEP stretches each step, to stand in for a bigger model.

On SIGUSR1 (crjob's signal) it finishes the step it is in, saves model, optimizer and step into CKPT_DIR, and exits
0. The save is atomic: it writes a new directory CKPT_DIR.tmp, then renames it into place, so CKPT_DIR always holds
one complete checkpoint (and its files are new ones at every save, which crjob stores as hard links, no copy). At
start it resumes from CKPT_DIR when that holds a checkpoint. At the end it writes final-weights.bin (every
parameter's bytes, in order) and says "train: done at step N".
"""
import json
import os
import shutil
import signal
import sys
import time

asked = False


def on_signal(signum, frame):
    global asked
    asked = True


# before importing torch, which takes seconds: a signal meanwhile is answered at the first step
signal.signal(signal.SIGUSR1, on_signal)

import torch  # noqa: E402

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
MS_PER_STEP = int(sys.argv[2]) if len(sys.argv) > 2 else 100
CKPT = sys.argv[3] if len(sys.argv) > 3 else "ckpt"

torch.manual_seed(17)
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)

model = torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
target = torch.randn(32, 1, generator=torch.Generator().manual_seed(4242))


def batch(step):
    """The batch of one step, from that step's own seed: the same whatever ran before."""
    g = torch.Generator().manual_seed(100_000 + step)
    x = torch.randn(64, 32, generator=g)
    return x, x @ target + 0.01 * torch.randn(64, 1, generator=g)


def save(step):
    tmp, old = CKPT + ".tmp", CKPT + ".old"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    torch.save(model.state_dict(), os.path.join(tmp, "model.pt"))
    torch.save(optimizer.state_dict(), os.path.join(tmp, "optimizer.pt"))
    with open(os.path.join(tmp, "step.json"), "w") as f:
        json.dump({"step": step}, f)
    for name in os.listdir(tmp):
        with open(os.path.join(tmp, name), "rb") as f:
            os.fsync(f.fileno())
    shutil.rmtree(old, ignore_errors=True)
    if os.path.isdir(CKPT):
        os.rename(CKPT, old)
    os.rename(tmp, CKPT)
    shutil.rmtree(old, ignore_errors=True)


def resume():
    if not os.path.isfile(os.path.join(CKPT, "step.json")):
        return 0
    model.load_state_dict(torch.load(os.path.join(CKPT, "model.pt")))
    optimizer.load_state_dict(torch.load(os.path.join(CKPT, "optimizer.pt")))
    with open(os.path.join(CKPT, "step.json")) as f:
        return json.load(f)["step"]


step = resume()
print(f"train: steps {step + 1} to {STEPS}" + (f" (resumed from step {step})" if step else ""), flush=True)
while step < STEPS:
    x, y = batch(step)
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    step += 1
    if asked:
        save(step)
        print(f"train: saved at step {step}, loss {loss.item():.6f}", flush=True)
        sys.exit(0)
    time.sleep(MS_PER_STEP / 1000)

with open("final-weights.bin", "wb") as f:
    for tensor in model.state_dict().values():
        f.write(tensor.detach().numpy().tobytes())
print(f"train: done at step {step}, loss {loss.item():.6f}", flush=True)
