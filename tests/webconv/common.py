"""Shared set-up of the webconv tests: the e2e harness, certificates made with the openssl
command line at test time, bcrypt hashes made with python3-bcrypt (or htpasswd -B)."""
import base64
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import harness  # noqa: E402,F401
from harness import SkipTest  # noqa: E402

TOKEN = "webconv-admin-token-0123456789"


def need(program):
    path = shutil.which(program)
    if not path:
        raise SkipTest(f"{program} is not installed")
    return path


def run(*argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_ca(workdir, name):
    """A self-signed CA: returns (cert path, key path)."""
    need("openssl")
    crt, key = os.path.join(workdir, name + ".crt"), os.path.join(workdir, name + ".key")
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", key, "-out", crt, "-subj", f"/CN={name}", "-days", "2")
    return crt, key


def make_cert(workdir, name, ca, san="IP:127.0.0.1,DNS:localhost", usage="serverAuth"):
    """A leaf certificate signed by `ca` (cert, key): returns (cert path, key path)."""
    crt, key = os.path.join(workdir, name + ".crt"), os.path.join(workdir, name + ".key")
    csr = os.path.join(workdir, name + ".csr")
    ext = os.path.join(workdir, name + ".ext")
    with open(ext, "w") as f:
        f.write(f"subjectAltName={san}\nextendedKeyUsage={usage}\n")
    run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", key, "-out", csr, "-subj", f"/CN={name}")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca[0], "-CAkey", ca[1],
        "-CAcreateserial", "-out", crt, "-days", "1", "-extfile", ext)
    return crt, key


def bcrypt_hash(password, cost=5):
    """A $2y$/$2b$ hash; cost 5 keeps the test quick (the format is what matters)."""
    try:
        import bcrypt  # python3-bcrypt
        return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=cost)).decode()
    except ImportError:
        htpasswd = need("htpasswd")
        out = subprocess.run([htpasswd, "-nbBC", str(cost), "x", password], check=True,
                             capture_output=True, text=True).stdout
        return out.strip().split(":", 1)[1]


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def replace_file(path, text_or_bytes):
    """Atomic replacement (write + rename), as Kubernetes and cert-manager do."""
    tmp = path + ".tmp"
    mode = "wb" if isinstance(text_or_bytes, bytes) else "w"
    with open(tmp, mode) as f:
        f.write(text_or_bytes)
    os.replace(tmp, path)


def exporter_config(sim, workdir, admin=True, extra=""):
    harness.write_secret(workdir, "sim-password", sim.password)
    harness.write_secret(workdir, "admin-token", TOKEN)
    text = ""
    if admin:
        text += """admin:
  rate_limit_per_second: 50
  rate_limit_burst: 200
  tokens:
    - name: webconv-bot
      token_file: admin-token
      roles: [read, campaigns, chat, monitoring, session]
"""
    text += extra
    text += f"""domains:
  - name: fast
    endpoint: {sim.endpoint}
    username: {sim.user}
    password_file: sim-password
    max_long_poll: 1s
"""
    return text


def metric_sum(text, name, **labels):
    """The sum of every series of `name` in exposition `text` whose labels include `labels`."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def paths(build_dir):
    return (os.path.join(build_dir, "simulator", "five9_sim"),
            os.path.join(build_dir, "exporter", "five9_exporter"))


def main(test_globals, make_env, usage):
    """Runs every test_* of `test_globals` against one make_env(build_dir, source_dir)."""
    if len(sys.argv) != 3:
        print(f"usage: {usage} BUILD_DIR SOURCE_DIR", file=sys.stderr)
        return 2
    try:
        env = make_env(sys.argv[1], sys.argv[2])
    except SkipTest as skip:
        print(f"SKIP: {skip}")
        return 77
    print(f"workdir {env.workdir}", flush=True)
    results = harness.Results()
    for name, fn in [(n, f) for n, f in test_globals.items() if n.startswith("test_")]:
        results.run(name, fn, env)
    return results.finish()
