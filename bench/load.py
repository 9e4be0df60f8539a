"""Runs the load test (see bench/load.sh, which provides PostgreSQL and Redis)."""

import gzip
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "5000"))
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status_of(url)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {timeout}s")


def wrk(url, script=None):
    """requests/s, median ms, p99 ms and errors for one URL (or the paths a Lua script makes)."""
    output = subprocess.run(
        # Browsers ask for gzip; Varnish and nginx then both send stored compressed bytes.
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency"]
        + ["-H", "Accept-Encoding: gzip"]
        + (["-s", str(script)] if script else [])
        + [url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50%"),
        "p99": latency("99%"),
        "errors": errors,
    }


LUA_RANDOM_PATHS = """
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  math.randomseed(os.time() * 100 + id)
end
function request()
  return wrk.format(nil, %s)
end
"""


def fresh_question_scripts(workdir, targets):
    """wrk scripts asking the search and the API list something new on each request."""
    words = "{" + ", ".join(json.dumps(word) for word in targets["words"]) + "}"
    path, _, query = targets["search"].partition("?")
    facets = [part for part in query.split("&") if not part.startswith("q=")]
    search_base = f"{path}?{'&'.join(facets)}&q="
    search = (
        f"local words = {words}\n"
        + LUA_RANDOM_PATHS
        % f'"{search_base}" .. words[math.random(#words)] .. "+" .. words[math.random(#words)]'
    )
    orders = '{"id", "-id", "title", "-title", "publication_date", "-publication_date",'
    orders += ' "first_published_at", "-first_published_at"}'
    last_offset = max(0, targets["press_releases"] - 20)
    api = f"local orders = {orders}\n" + LUA_RANDOM_PATHS % (
        f'"{targets["api_list"]}&order=" .. orders[math.random(#orders)]'
        f' .. "&offset=" .. math.random(0, {last_offset})'
    )
    scripts = {}
    for name, text in (("search*", search), ("api_list*", api)):
        path = workdir / f"{name.strip('*')}.lua"
        path.write_text(text)
        scripts[name] = path
    return scripts


def main():
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    os.chmod(workdir, 0o755)
    web_port, varnish_port, nginx_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SOCIAL_CREDENTIALS_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": os.environ["TEST_POSTGRES_URL"],
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "VARNISH_URL": f"http://127.0.0.1:{varnish_port}",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "0",
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable

    def manage(*args, **kwargs):
        return subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)

    print(f"Preparing: migrations, static files, {ARTICLES} articles (a few minutes)", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    # Varnish is not running yet: nothing to purge while building.
    build_env = {key: value for key, value in env.items() if key != "VARNISH_URL"}
    # The demo newsroom, then generated articles up to the total, indexed once at the end
    # (load_demo_content --extra-articles indexes page by page: far slower at 5,000).
    subprocess.run([python, "manage.py", "load_demo_content"], cwd=ROOT, env=build_env, check=True)
    subprocess.run(
        [python, "bench/content.py", "build", str(ARTICLES)], cwd=ROOT, env=build_env, check=True
    )
    targets = json.loads(
        subprocess.run(
            [python, "bench/content.py", "targets"], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout
    )  # fmt: skip

    (workdir / "default.vcl").write_text(
        "vcl 4.1;\n"
        f'backend default {{ .host = "127.0.0.1"; .port = "{web_port}"; }}\n'
        'acl purgers { "127.0.0.1"; }\n'
        f'include "{ROOT / "deploy/varnish/newsdesk.vcl"}";\n'
    )
    (workdir / "nginx.conf").write_text(
        f"""worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    client_body_temp_path {workdir}/nginx-body;
    server {{
        listen 127.0.0.1:{nginx_port};
        root {workdir}/saved;
        gzip_static on;
        location / {{ try_files /press-release.html =404; }}
    }}
}}
"""
    )
    bin_dir = Path(python).parent
    processes = []

    def start(command):
        log = (workdir / f"{Path(str(command[0])).name}.log").open("w")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        processes.append(process)

    try:
        start([bin_dir / "gunicorn", "--config", "deploy/gunicorn.conf.py", "cms.wsgi:application"])
        start([
            "varnishd", "-F", "-n", str(workdir / "varnish"), "-a", f"127.0.0.1:{varnish_port}",
            "-f", str(workdir / "default.vcl"), "-s", "malloc,256m", "-T", "none",
        ])  # fmt: skip
        gunicorn = f"http://127.0.0.1:{web_port}"
        varnish = f"http://127.0.0.1:{varnish_port}"
        wait_for(gunicorn + "/healthz/")
        wait_for(varnish + "/healthz/")

        saved = workdir / "saved"
        saved.mkdir()
        with urllib.request.urlopen(gunicorn + targets["press_release"]) as response:
            html = response.read()
        (saved / "press-release.html").write_bytes(html)
        (saved / "press-release.html.gz").write_bytes(gzip.compress(html, 6))
        os.chmod(saved, 0o755)
        start(["nginx", "-c", str(workdir / "nginx.conf"), "-g", "daemon off;"])
        wait_for(f"http://127.0.0.1:{nginx_port}/")

        print(
            f"\nMachine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
        )
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"Load average before measuring: {load} (other work on the machine skews figures)")
        print(f"Articles: {targets['articles']}; wrk {CONNECTIONS} connections, {DURATION}s each\n")
        print(
            f"{'page':<16}{'served by':<11}{'req/s':>9}{'median ms':>11}{'p99 ms':>9}{'errors':>8}"
        )
        for name in [
            "home", "listing", "press_release", "report", "search", "api_list", "api_search_list"
        ]:  # fmt: skip
            path = targets[name]
            status = status_of(gunicorn + path)
            if status == 404:
                print(f"{name:<16}skipped: {path.split('?')[0]} is 404 on this branch")
                continue
            if status != 200:
                sys.exit(f"{name}: {path} answered {status}; fix that before measuring speed")
            for label, base in (("gunicorn", gunicorn), ("varnish", varnish)):
                for _ in range(3):  # warm renditions, fragment caches and Varnish
                    status_of(base + path)
                figures = wrk(base + path)
                print(
                    f"{name:<16}{label:<11}{figures['rps']:>9.0f}{figures['p50']:>11.1f}"
                    f"{figures['p99']:>9.1f}{figures['errors']:>8}",
                    flush=True,
                )
        figures = wrk(f"http://127.0.0.1:{nginx_port}/")
        print(
            f"{'press_release':<16}{'nginx':<11}{figures['rps']:>9.0f}{figures['p50']:>11.1f}"
            f"{figures['p99']:>9.1f}{figures['errors']:>8}"
        )
        # The same search and API list, but a different question on every request, so that
        # nothing is answered from the application's memory: what a first asker waits for.
        for name, script in fresh_question_scripts(workdir, targets).items():
            figures = wrk(gunicorn + "/", script)
            print(
                f"{name:<16}{'gunicorn':<11}{figures['rps']:>9.0f}{figures['p50']:>11.1f}"
                f"{figures['p99']:>9.1f}{figures['errors']:>8}",
                flush=True,
            )
        print("\n* a different question on each request: worked out, not answered from memory")
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
