#!/usr/bin/env python3
"""Python (PyTorch, eager) reference for `./saccade bench focus`: the same network, weights, patches and timing loop.

Reads the export `bench focus --python-reference` writes (focus-export.json and .bin: f_L's layers as the bundle holds
them, conv + batch norm + activation and residuals, not folded; the exit heads; the bench's requests and exit
thresholds), checks that this network gives the Java side's probabilities on a few patches, then per batch size runs
the focus batcher's loop as FocusBatcher does it and FocusBench times it: keep the batch and its queue full of requests
(each with a fresh id), and per step copy the active clips' next patches and clip representations into a reused
staging buffer (patches, then clip representations; page-locked with --pinned, as the Java staging is on a GPU), copy it to the device, run f_L, keep the
running max of the survivors on the device, run the exit head of each step present on its rows, softmax, and bring
the probabilities back to the host (the step's one synchronisation); then decide exits on the host. --plain instead
builds each batch as a new pageable tensor (torch.stack) and copies that, as straightforward eager code would.

    python3 focus_reference.py --export DIR --batch-sizes 16,64,256 --seconds 10 --warmup 2 --out python.json
"""
import argparse
import collections
import json
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load(export_dir, device):
    with open(os.path.join(export_dir, "focus-export.json")) as f:
        meta = json.load(f)
    blob = np.fromfile(os.path.join(export_dir, "focus-export.bin"), dtype="<f4")

    def arr(ref):
        n = int(np.prod(ref["shape"]))
        return torch.from_numpy(blob[ref["offset"]:ref["offset"] + n].reshape(ref["shape"]).copy()).to(device)

    def layers(nodes):
        out = []
        for node in nodes:
            if node["type"] == "conv_bn":
                out.append(("conv_bn", dict(weight=arr(node["weight"]), stride=node["stride"],
                                            padding=node["padding"], groups=node["groups"],
                                            gamma=arr(node["gamma"]), beta=arr(node["beta"]),
                                            mean=arr(node["running_mean"]), var=arr(node["running_var"]),
                                            eps=node["eps"], act=node["act"])))
            else:
                out.append(("residual", dict(body=layers(node["body"]), act=node["act"])))
        return out

    encoder = layers(meta["encoder"])
    exits = [(arr(e["weight"]), arr(e["bias"])) for e in meta["exits"]]
    return meta, blob, encoder, exits


def activate(x, act):
    if act == "relu":
        return F.relu(x)
    if act == "relu6":
        return F.relu6(x)
    return x


def run_layers(layers, x):
    for kind, p in layers:
        if kind == "conv_bn":
            x = F.conv2d(x, p["weight"], None, p["stride"], p["padding"], 1, p["groups"])
            x = F.batch_norm(x, p["mean"], p["var"], p["gamma"], p["beta"], False, 0.1, p["eps"])
            x = activate(x, p["act"])
        else:
            x = activate(run_layers(p["body"], x) + x, p["act"])
    return x


def local_features(encoder, patches):
    # as FocusModel.localFeatures: mean over width, then over height
    return run_layers(encoder, patches).mean(3).mean(2)


def exit_probabilities(exits, k, running, clip):
    w, b = exits[k - 1]
    return F.softmax(F.linear(torch.cat([running, clip], 1), w, b), 1)


class Bench:
    def __init__(self, meta, blob, encoder, exits, device, pinned, plain):
        self.encoder, self.exits, self.device = encoder, exits, device
        self.pinned, self.plain = pinned, plain
        self.thresholds = meta["thresholds"]
        req = meta["requests"]
        self.patch_floats = 3 * meta["patch_input"][1] * meta["patch_input"][2]
        self.hd = meta["clip_features"]
        # host patches as the Java side holds them: one array per patch, one per clip representation
        self.requests = []
        for offsets, clip_at in zip(req["patch_offsets"], req["clip_feature_offsets"]):
            patches = [torch.from_numpy(blob[o:o + self.patch_floats].reshape(meta["patch_input"]).copy())
                       for o in offsets]
            clip = torch.from_numpy(blob[clip_at:clip_at + self.hd].copy())
            self.requests.append((patches, clip))

    def measure(self, batch, seconds, warmup):
        # as StagingBuffers: a step of n clips is n patches, then their n clip representations, copied at once
        staging = torch.empty(batch * (self.patch_floats + self.hd), pin_memory=self.pinned)
        patch_shape = tuple(self.requests[0][0][0].shape)
        active = []            # [request, step, row]
        waiting = collections.deque()
        state = {"next": 0, "running": None}
        steps_dim = len(self.exits)

        def fill():
            # offer until the batch and a queue as long as the batch are full (FocusBench's RequestCycle)
            while len(active) < batch or len(waiting) < batch:
                r = self.requests[state["next"] % len(self.requests)]
                state["next"] += 1
                item = [r, 0, -1]
                if len(active) < batch and not waiting:
                    active.append(item)
                else:
                    waiting.append(item)

        def refill():
            while len(active) < batch and waiting:
                active.append(waiting.popleft())

        def step():
            refill()
            n = len(active)
            if self.plain:
                patches = torch.stack([a[0][0][a[1]] for a in active]).to(self.device)
                clips = torch.stack([a[0][1] for a in active]).to(self.device)
            else:
                pf = n * self.patch_floats
                torch.stack([a[0][0][a[1]] for a in active], out=staging[:pf].view((n,) + patch_shape))
                torch.stack([a[0][1] for a in active], out=staging[pf:pf + n * self.hd].view(n, self.hd))
                rows = staging[:pf + n * self.hd].to(self.device)
                patches = rows[:pf].view((n,) + patch_shape)
                clips = rows[pf:].view(n, self.hd)
            survivors = [a[2] for a in active if a[2] >= 0]
            by_step = collections.OrderedDict()
            for i, a in enumerate(active):
                by_step.setdefault(a[1] + 1, []).append(i)
            with torch.no_grad():
                local = local_features(self.encoder, patches)
                running = local
                s = len(survivors)
                if s:
                    idx = torch.tensor(survivors, dtype=torch.int64).to(self.device)
                    kept = torch.maximum(state["running"][idx], local[:s])
                    running = kept if s == n else torch.cat([kept, local[s:]], 0)
                probs = []
                for k in sorted(by_step):
                    rows = by_step[k]
                    if len(rows) == n:
                        probs.append(exit_probabilities(self.exits, k, running, clips))
                    else:
                        idx = torch.tensor(rows, dtype=torch.int64).to(self.device)
                        probs.append(exit_probabilities(self.exits, k, running[idx], clips[idx]))
                host = (probs[0] if len(probs) == 1 else torch.cat(probs, 0)).cpu().numpy()
            order = [i for k in sorted(by_step) for i in by_step[k]]
            leaves = set()
            exits_here = []
            for row, i in enumerate(order):
                a = active[i]
                a[1] += 1
                p = host[row]
                if a[1] == len(a[0][0]) or float(p.max()) >= self.thresholds[a[1]]:
                    leaves.add(i)
                    exits_here.append(a[1])
            survivors_next = []
            for i, a in enumerate(active):
                if i not in leaves:
                    a[2] = i
                    survivors_next.append(a)
            active[:] = survivors_next
            state["running"] = running if survivors_next else None
            refill()
            return n, exits_here

        warm_end = time.perf_counter() + warmup
        warm = 0
        while warm < 5 or time.perf_counter() < warm_end:
            fill()
            step()
            warm += 1
        step_ms = []
        patches = 0
        exits = collections.Counter()
        start = time.perf_counter()
        end = start + seconds
        now = start
        while len(step_ms) < 10 or now < end:
            fill()
            t0 = time.perf_counter()
            n, exited = step()
            now = time.perf_counter()
            step_ms.append((now - t0) * 1e3)
            patches += n
            exits.update(exited)
        elapsed = now - start
        ms = np.sort(np.array(step_ms))

        def pct(q):
            return float(ms[max(0, min(len(ms) - 1, int(np.ceil(q * len(ms))) - 1))])

        return {"patches_per_s": patches / elapsed, "ms_per_batch_p50": pct(0.5), "ms_per_batch_p99": pct(0.99),
                "ms_per_batch_mean": float(ms.mean()), "batches": len(ms), "patches": patches, "seconds": elapsed,
                "clips_by_exit": {f"focus-{k}": exits.get(k, 0) for k in range(1, steps_dim + 1)}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--export", required=True)
    ap.add_argument("--batch-sizes", default="16,64,256")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--pinned", action="store_true", help="page-locked staging buffer (as the Java side on a GPU)")
    ap.add_argument("--plain", action="store_true", help="a new pageable tensor per batch instead of the staging")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    device = torch.device(args.device)
    meta, blob, encoder, exits = load(args.export, device)

    check = meta["check"]
    req = meta["requests"]
    pf = 3 * meta["patch_input"][1] * meta["patch_input"][2]
    rows = check["requests"]
    patches = torch.from_numpy(np.stack([blob[req["patch_offsets"][r][0]:req["patch_offsets"][r][0] + pf]
                                         for r in rows]).reshape([len(rows)] + meta["patch_input"])).to(device)
    clips = torch.from_numpy(np.stack([blob[req["clip_feature_offsets"][r]:req["clip_feature_offsets"][r]
                                            + meta["clip_features"]] for r in rows])).to(device)
    with torch.no_grad():
        mine = exit_probabilities(exits, check["exit"], local_features(encoder, patches), clips).cpu().numpy()
    java = np.array(check["java_probabilities"], dtype=np.float64).reshape(mine.shape)
    err = float(np.abs(mine - java).max())
    print(f"focus_reference: max |p_python - p_java| = {err:.3g} on {len(rows)} patches", file=sys.stderr)
    if not err <= 1e-3:
        print("focus_reference: the Python network does not match the Java one", file=sys.stderr)
        sys.exit(1)

    bench = Bench(meta, blob, encoder, exits, device, args.pinned, args.plain)
    report = {
        "implementation": "python eager" + (" plain (new pageable batch per step)" if args.plain else
                                            " (reused " + ("page-locked" if args.pinned else "pageable")
                                            + " staging)"),
        "torch_version": torch.__version__, "cuda": torch.version.cuda, "python": platform.python_version(),
        "device": str(device), "gpu_name": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
        "pinned_staging": args.pinned and not args.plain, "plain": args.plain,
        "cudnn_benchmark": torch.backends.cudnn.benchmark, "cudnn_allow_tf32": torch.backends.cudnn.allow_tf32,
        "matmul_allow_tf32": torch.backends.cuda.matmul.allow_tf32,
        "threads": torch.get_num_threads(), "check_max_abs_error_vs_java": err,
        "seconds_per_batch_size": args.seconds, "warmup_seconds": args.warmup, "batch_sizes": {}}
    for b in [int(x) for x in args.batch_sizes.split(",")]:
        row = bench.measure(b, args.seconds, args.warmup)
        report["batch_sizes"][str(b)] = row
        print(f"focus_reference: batch {b:3d} {row['patches_per_s']:10.1f} patches/s  p50 {row['ms_per_batch_p50']:.3f}"
              f" ms  p99 {row['ms_per_batch_p99']:.3f} ms ({row['batches']} batches)", file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
