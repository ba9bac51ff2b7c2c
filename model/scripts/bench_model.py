#!/usr/bin/python3
"""Forward+backward tokens/s of one LoRA training step: safeflow's DJL runtime vs PyTorch eager.

Same config (ModelBench.Config.small(): hidden 256, 4 layers, 4 heads, intermediate 512, vocab 1024,
tied embeddings, LoRA r=8 on q_proj/v_proj, batch 8 x 128), same thread count, same machine, one run.

    /usr/bin/python3 model/scripts/bench_model.py [--threads N] [--steps 10] [--openblas DIR]
(needs Debian's python3-torch; the DJL side is `./safeflow bench step`, which builds the CLI on first use)

Debian's python3-torch is built with BLAS_INFO=generic and by default links the netlib reference
libblas, ~10x slower than a tuned BLAS; comparing against that would flatter DJL. Point --openblas at
an OpenBLAS libblas.so.3 directory, e.g. without touching the system:
    apt-get download libopenblas0-pthread && dpkg-deb -x libopenblas0-pthread_*.deb /tmp/openblas
    --openblas /tmp/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread
The BLAS actually loaded is printed.
"""
import argparse, math, os, re, subprocess, sys, time
import torch
import torch.nn.functional as F

H, L, NH, I, V, R = 256, 4, 4, 512, 1024, 8


class Lora(torch.nn.Module):
    def __init__(self, inp, out, lora):
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(out, inp) * 0.02, requires_grad=False)
        self.a = torch.nn.Parameter(torch.empty(R, inp).uniform_(-1 / math.sqrt(inp), 1 / math.sqrt(inp))) if lora else None
        self.b = torch.nn.Parameter(torch.zeros(out, R)) if lora else None

    def forward(self, x):
        y = F.linear(x, self.w)
        return y if self.a is None else y + F.linear(F.linear(x, self.a), self.b) * (R / R)


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = Lora(H, H, True), Lora(H, H, False), Lora(H, H, True), Lora(H, H, False)
        self.gate, self.up, self.down = Lora(H, I, False), Lora(H, I, False), Lora(I, H, False)
        self.n1 = torch.nn.Parameter(torch.ones(H), requires_grad=False)
        self.n2 = torch.nn.Parameter(torch.ones(H), requires_grad=False)

    def forward(self, x, cos, sin, mask):
        B, T, _ = x.shape
        h = rms(x, self.n1)
        q = rope(self.q(h).view(B, T, NH, -1).transpose(1, 2), cos, sin)
        k = rope(self.k(h).view(B, T, NH, -1).transpose(1, 2), cos, sin)
        v = self.v(h).view(B, T, NH, -1).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(H // NH) + mask, -1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(B, T, H))
        h = rms(x, self.n2)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


def rms(x, w):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w


def rope(x, cos, sin):
    h = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., h:], x[..., :h]), -1) * sin


def torch_bench(batch, seq, warmup, steps):
    torch.manual_seed(0)
    emb = torch.nn.Parameter(torch.randn(V, H) * 0.02, requires_grad=False)
    blocks = torch.nn.ModuleList(Block() for _ in range(L))
    norm = torch.nn.Parameter(torch.ones(H), requires_grad=False)
    hd = H // NH
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        ids = torch.randint(0, V, (batch, seq))
        # positions, rope tables and mask are rebuilt each step, as the Java side does
        inv = 1.0 / (10000.0 ** (torch.arange(0, hd, 2).float() / hd))
        f = torch.arange(seq).float()[:, None] * inv
        e = torch.cat((f, f), -1)
        cos, sin = e.cos(), e.sin()
        mask = torch.full((seq, seq), -1e9).triu(1)
        x = F.embedding(ids, emb)
        for b in blocks:
            x = b(x, cos, sin, mask)
        logits = F.linear(rms(x, norm), emb)
        logp = torch.log_softmax(logits[:, :-1], -1).gather(-1, ids[:, 1:, None])
        loss = -logp.mean()
        loss.backward()
        for p in blocks.parameters():
            p.grad = None
        if i >= warmup:
            times.append(time.perf_counter() - t0)
    med = sorted(times)[len(times) // 2]
    return batch * seq / med, med * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--rounds", type=int, default=2, help="interleaved pytorch/djl rounds; best of each")
    ap.add_argument("--openblas", help="directory holding an OpenBLAS libblas.so.3")
    args = ap.parse_args()
    if args.openblas and args.openblas not in os.environ.get("LD_LIBRARY_PATH", ""):
        env = dict(os.environ, LD_LIBRARY_PATH=args.openblas + ":" + os.environ.get("LD_LIBRARY_PATH", ""),
                   OPENBLAS_NUM_THREADS=str(args.threads))
        os.execve(sys.executable, [sys.executable] + sys.argv, env)  # the loader reads it only at start
    torch.ones(2, 2) @ torch.ones(2, 2)
    blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l})
    print("pytorch BLAS:", ", ".join(blas) or "unknown")
    torch.set_num_threads(args.threads)
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    java_opts = (f"-Xmx2g -Dai.djl.pytorch.num_threads={args.threads} -Dai.djl.pytorch.num_interop_threads=1 "
                 + os.environ.get("SAFEFLOW_JAVA_OPTS", "")).strip()
    java = [os.path.join(repo, "safeflow"), "bench", "step", "--batch", str(args.batch), "--seq-len", str(args.seq),
            "--steps", str(args.steps), "--threads", str(args.threads)]
    java_env = dict(os.environ, SAFEFLOW_JAVA_OPTS=java_opts)
    # interleave: torch, djl, torch, djl, ...; best of each, to dampen noise from other processes
    torch_runs, djl_runs = [], []
    for _ in range(args.rounds):
        torch_runs.append(torch_bench(args.batch, args.seq, 3, args.steps))
        out = subprocess.run(java, capture_output=True, text=True, check=True, env=java_env).stdout
        line = [l for l in out.splitlines() if l.startswith("djl forward+backward")][-1]
        djl_runs.append((float(re.search(r"([\d.]+) tokens/s", line).group(1)), line))
        print(f"pytorch {torch.__version__} eager forward+backward: {torch_runs[-1][0]:.1f} tokens/s "
              f"({torch_runs[-1][1]:.1f} ms/step)")
        print(line)
    t, d = max(r[0] for r in torch_runs), max(r[0] for r in djl_runs)
    print(f"threads {args.threads}; best pytorch {t:.1f} tokens/s, best djl {d:.1f} tokens/s; "
          f"djl step time / pytorch step time = {t / d:.2f} (goal <= 1.3)")


if __name__ == "__main__":
    main()
