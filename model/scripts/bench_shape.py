#!/usr/bin/python3
"""PyTorch eager twin of `safeflow bench model --shape S`: the SFT step (LoRA r 8, alpha 8 on q_proj and
v_proj, frozen base, loss on the second half of each row) at the same published shape, batch and thread count,
with the float32 GEMM rate measured in the same process and model-FLOPs utilisation by the same formula as
trainer/.../bench/ShapeBench.java (4 FLOPs per frozen weight per token per pass, plus attention).

    /usr/bin/python3 model/scripts/bench_shape.py --shape smollm2-135m [--batch 4 --seq 256 --steps 4 --threads N]

Needs Debian's python3-torch. See bench_model.py for why PyTorch should be pointed at OpenBLAS (--openblas DIR).
"""
import argparse, math, os, resource, sys, time
import torch
import torch.nn.functional as F

# name: (hidden, layers, heads, kv heads, head dim, MLP, vocab, rope theta); tied embeddings in all three
SHAPES = {
    "smollm2-135m": (576, 30, 9, 3, 64, 1536, 49152, 100000.0),
    "qwen2.5-0.5b": (896, 24, 14, 2, 64, 4864, 151936, 1000000.0),
    "llama-3.2-1b": (2048, 16, 32, 8, 64, 8192, 128256, 500000.0),
}
R = 8


class Linear(torch.nn.Module):
    def __init__(self, inp, out, lora, bias=False):
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(out, inp) * 0.02, requires_grad=False)
        self.bias = torch.nn.Parameter(torch.zeros(out), requires_grad=False) if bias else None
        self.a = torch.nn.Parameter(torch.empty(R, inp).uniform_(-1 / math.sqrt(inp), 1 / math.sqrt(inp))) if lora else None
        self.b = torch.nn.Parameter(torch.zeros(out, R)) if lora else None

    def forward(self, x):
        y = F.linear(x, self.w, self.bias)
        return y if self.a is None else y + F.linear(F.linear(x, self.a), self.b)


class Block(torch.nn.Module):
    def __init__(self, h, nh, nkv, hd, inter, qwen):
        super().__init__()
        self.nh, self.nkv, self.hd = nh, nkv, hd
        self.q, self.k = Linear(h, nh * hd, True, qwen), Linear(h, nkv * hd, False, qwen)
        self.v, self.o = Linear(h, nkv * hd, True, qwen), Linear(nh * hd, h, False)
        self.gate, self.up, self.down = Linear(h, inter, False), Linear(h, inter, False), Linear(inter, h, False)
        self.n1 = torch.nn.Parameter(torch.ones(h), requires_grad=False)
        self.n2 = torch.nn.Parameter(torch.ones(h), requires_grad=False)

    def forward(self, x, cos, sin, mask):
        B, T, _ = x.shape
        h = rms(x, self.n1)
        q = rope(self.q(h).view(B, T, self.nh, -1).transpose(1, 2), cos, sin)
        k = rope(self.k(h).view(B, T, self.nkv, -1).transpose(1, 2), cos, sin)
        v = self.v(h).view(B, T, self.nkv, -1).transpose(1, 2)
        k = k.repeat_interleave(self.nh // self.nkv, 1)
        v = v.repeat_interleave(self.nh // self.nkv, 1)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(self.hd) + mask, -1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(B, T, -1))
        h = rms(x, self.n2)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


def rms(x, w):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * w


def rope(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., half:], x[..., :half]), -1) * sin


def gemm_gflops():
    best = 0.0
    for n in (1024, 2048):
        a, b = torch.rand(n, n) * 2 - 1, torch.rand(n, n) * 2 - 1
        a @ b
        for _ in range(3):
            t0 = time.perf_counter()
            a @ b
            best = max(best, 2 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return best


def pass_flops(shape, tokens, t):
    h, layers, nh, nkv, hd, inter, vocab, _ = shape
    per_layer = h * nh * hd + 2 * h * nkv * hd + nh * hd * h + 3 * h * inter
    weights = per_layer * layers + h * vocab
    attention = 4.0 * t * nh * hd * layers
    return tokens * (4 * weights + 3 * attention)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", default="smollm2-135m", choices=sorted(SHAPES))
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--openblas", help="directory holding an OpenBLAS libblas.so.3")
    args = ap.parse_args()
    if args.openblas and args.openblas not in os.environ.get("LD_LIBRARY_PATH", ""):
        env = dict(os.environ, LD_LIBRARY_PATH=args.openblas + ":" + os.environ.get("LD_LIBRARY_PATH", ""),
                   OPENBLAS_NUM_THREADS=str(args.threads))
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    shape = SHAPES[args.shape]
    h, layers, nh, nkv, hd, inter, vocab, theta = shape
    peak = gemm_gflops()
    emb = torch.nn.Parameter(torch.randn(vocab, h) * 0.02, requires_grad=False)
    blocks = torch.nn.ModuleList(Block(h, nh, nkv, hd, inter, args.shape.startswith("qwen")) for _ in range(layers))
    norm = torch.nn.Parameter(torch.ones(h), requires_grad=False)
    B, T = args.batch, args.seq
    times = []
    for i in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        ids = torch.randint(3, vocab, (B, T))
        inv = 1.0 / (theta ** (torch.arange(0, hd, 2).float() / hd))
        f = torch.arange(T).float()[:, None] * inv
        e = torch.cat((f, f), -1)
        cos, sin = e.cos(), e.sin()
        mask = torch.full((T, T), -1e9).triu(1)
        x = F.embedding(ids, emb)
        for b in blocks:
            x = b(x, cos, sin, mask)
        logp = torch.log_softmax(F.linear(rms(x, norm), emb)[:, :-1], -1).gather(-1, ids[:, 1:, None])[..., 0]
        loss = -logp[:, T // 2 - 1:].mean()
        loss.backward()
        for p in blocks.parameters():
            p.grad = None
        if i >= args.warmup:
            times.append(time.perf_counter() - t0)
    step = sum(times) / len(times)
    mfu = pass_flops(shape, B * T, T) / step / (peak * 1e9)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pytorch {torch.__version__} eager, {args.shape}, batch {B} x {T}, {args.threads} threads: "
          f"SFT {step * 1000:.1f} ms/step, {B * T / step:.1f} tokens/s, {100 * mfu:.1f}% of the "
          f"{peak:.1f} GFLOP/s GEMM peak, peak RSS {rss:,.0f} MiB")


if __name__ == "__main__":
    main()
