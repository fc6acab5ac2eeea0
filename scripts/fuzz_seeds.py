#!/usr/bin/env python3
"""Seeds and dictionaries for the fuzz targets, made at run time (never committed).

usage: fuzz_seeds.py OUT_DIR REFERENCE_DIR RECORDED_DIR

- OUT_DIR/seeds/<target>/: the examples of the guide's Appendix A (REFERENCE_DIR's
  statistics-web-services-api-reference.txt; the responses, sorted by operation) and the
  simulator's recorded responses (RECORDED_DIR, from sim_test with
  FIVE9_RECORD_RESPONSES_DIR), each given to the targets that parse it.
- OUT_DIR/dict/soap.dict: the element and type names of the WSDL (libFuzzer dictionary);
  OUT_DIR/dict/config.dict: the keys of config.example.yaml.
Missing inputs are reported and skipped: the committed corpus still seeds every target.
"""
import hashlib
import os
import re
import sys

out, reference, recorded = sys.argv[1], sys.argv[2], sys.argv[3]
source = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def put(target, data):
    folder = os.path.join(out, "seeds", target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def route(body):
    """The targets a response body seeds."""
    targets = ["fault"] if b"Fault" in body else []
    if b"getStatisticsUpdateResponse" in body:
        targets.append("statistics_update_diff")
    else:
        targets.append("response_parsers")
    return targets


counts = {}
guide = os.path.join(reference, "statistics-web-services-api-reference.txt")
if os.path.exists(guide):
    lines = open(guide, encoding="utf-8").read().splitlines()
    start = max(i for i, l in enumerate(lines) if l.strip() == "Appendix A")
    heading, in_block, block = "", False, []
    for line in lines[start + 1:]:
        if line.strip().startswith("```"):
            if in_block and heading == "Response":
                text = "\n".join(block)
                text = re.sub(r'"http://\s*\n\s*', '"http://', text)  # URIs the guide wraps
                for t in route(text.encode()):
                    put(t, text.encode())
                    counts["appendix A"] = counts.get("appendix A", 0) + 1
            in_block, block = not in_block, []
            continue
        if in_block:
            block.append(line)
        elif line.strip():
            heading = line.strip()
else:
    print(f"fuzz seeds: {guide} absent: no Appendix A seeds")

if os.path.isdir(recorded):
    for name in sorted(os.listdir(recorded)):
        body = open(os.path.join(recorded, name), "rb").read()
        for t in route(body):
            put(t, body)
            counts["simulator"] = counts.get("simulator", 0) + 1
else:
    print("fuzz seeds: no recorded simulator responses")

os.makedirs(os.path.join(out, "dict"), exist_ok=True)
wsdl = os.path.join(reference, "SupervisorWebService-v9_5.wsdl")
if os.path.exists(wsdl):
    names = sorted(set(re.findall(r'name="([A-Za-z_][A-Za-z0-9_]*)"', open(wsdl).read())))
    with open(os.path.join(out, "dict", "soap.dict"), "w") as f:
        for n in names:
            f.write(f'"<{n}>"\n"</{n}>"\n"{n}"\n')
        for token in ['xsi:nil="true"', "<![CDATA[", "]]>", "&amp;", "&#x", "<!DOCTYPE",
                      "<!ENTITY", 'xmlns:ns2="http://service.supervisor.ws.five9.com/"']:
            f.write('"' + token.replace("\\", "\\\\").replace('"', '\\"') + '"\n')
    counts["wsdl names"] = len(names)
else:
    print(f"fuzz seeds: {wsdl} absent: no SOAP dictionary")

keys = set(re.findall(r"^\s*-?\s*([a-z_]+):", open(os.path.join(source, "config.example.yaml")).read(),
                      re.M))
with open(os.path.join(out, "dict", "config.dict"), "w") as f:
    for k in sorted(keys):
        f.write(f'"{k}:"\n')
counts["config keys"] = len(keys)
print("fuzz seeds: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
