"""Runs the load test (see bench/load.sh, which provides PostgreSQL and Redis)."""

import gzip
import json
import os
import platform
import re
import runpy
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.processes import free_port, wait_for_http, write_varnish_config  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "5000"))
DURATION = int(os.environ.get("BENCH_DURATION", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))


def status_of(url, host=None):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url, script=None, host=None):
    """requests/s, median ms, p99 ms and errors for one URL (or the paths a Lua script makes),
    sent with `host` as the Host header when given."""
    output = subprocess.run(
        # Browsers ask for gzip; Varnish and nginx then both send stored compressed bytes.
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency"]
        + ["-H", "Accept-Encoding: gzip"]
        + (["-H", f"Host: {host}"] if host else [])
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


# Each request asks question number k (every thread its own, never one twice in a run), mapped
# onto the questions by multiplying by a prime larger than their number: a bijection, so no
# question repeats until all of them have been asked, and neighbours in k are far apart.
LUA_NEW_QUESTIONS = """
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  asked = 0
end
function request()
  local k = %(first)d + asked * %(threads)d + id
  asked = asked + 1
  local n = (k * %(prime)d) %% %(count)d
  return wrk.format(nil, %(path)s)
end
"""
WRK_THREADS = 2
PRIME = 100000007


def question(k, count):
    """The n wrk's script asks as its question number k (for sampling the same questions)."""
    return (k * PRIME) % count


def three_words(n, words):
    size = len(words)
    return [words[n % size], words[n // size % size], words[n // size // size]]


def new_question_scripts(workdir, targets, first):
    """wrk scripts asking the search page, the search API and the pages API list a question
    never asked before on each request: three words out of hundreds, or an order and offset."""
    words = targets["words"]
    assert len(words) ** 3 < PRIME, "the prime must be larger than the number of questions"
    lua_words = "words = {" + ", ".join(json.dumps(word) for word in words) + "}\n"
    size = len(words)
    three = (
        f'words[n % {size} + 1] .. "+" .. words[math.floor(n / {size}) % {size} + 1]'
        f' .. "+" .. words[math.floor(n / {size * size}) + 1]'
    )
    orders = [
        f"{sign}{field}"
        for field in ("id", "title", "publication_date", "first_published_at", "last_published_at")
        for sign in ("", "-")
    ]
    offsets = max(1, targets["press_releases"] - 20 + 1)
    lua_orders = "orders = {" + ", ".join(json.dumps(order) for order in orders) + "}\n"
    scripts = {
        "search": (
            lua_words,
            size**3,
            f'"/search/?{targets["search_facets"]}&q=" .. {three}',
        ),
        "api_search_list": (
            lua_words,
            size**3,
            f'"{targets["api_search_list"]}&q=" .. {three}',
        ),
        "api_list": (
            lua_orders,
            len(orders) * offsets,
            f'"{targets["api_list"]}&order=" .. orders[n % {len(orders)} + 1]'
            f' .. "&offset=" .. math.floor(n / {len(orders)})',
        ),
    }
    paths = {}
    for name, (table, count, path) in scripts.items():
        script = workdir / f"{name}.lua"
        script.write_text(
            table
            + LUA_NEW_QUESTIONS
            % {"first": first, "threads": WRK_THREADS, "prime": PRIME, "count": count, "path": path}
        )
        paths[name] = script
    return paths


def sample_search_totals(base, host, targets, first, samples=40):
    """Results of a sample of the new-word questions the search rows ask (through the search
    API, which counts the same): median, and how many of the sample found anything."""
    words = targets["words"]
    totals = []
    for k in range(first, first + samples):
        query = "+".join(three_words(question(k, len(words) ** 3), words))
        url = f"{base}/api/v2/search/?{targets['search_facets']}&q={query}"
        request = urllib.request.Request(url, headers={"Host": host})
        with urllib.request.urlopen(request, timeout=60) as response:
            totals.append(json.load(response)["total"])
    totals.sort()
    return totals[len(totals) // 2], sum(1 for total in totals if total)


def ask_all(host, urls):
    """GET each URL once (each must answer 200); returns how many were asked."""
    for url in urls:
        status = status_of(url, host)
        assert status == 200, (url, status)
    return len(urls)


def list_every_page(base, host, targets):
    """As on a site that has run for a while: the pages API list asked for every press release
    once, 50 at a time, with the api_list row's fields, so that each item is stored with its
    page (a publish empties only its own). Returns the row's label and what was done."""
    list_50 = f"{base}{targets['api_list']}".replace("&limit=20", "") + "&limit=50"
    offsets = range(0, targets["press_releases"], 50)
    listed = ask_all(host, [f"{list_50}&offset={offset}" for offset in offsets])
    return "items stored", (
        f"{listed} requests of 50 listed every press release once, storing its item"
    )


def show_every_result(base, host, targets, page_size=20):
    """As on a site whose articles were published one by one (the benchmark makes them in bulk,
    without their cards and texts): the search row's question paged through, nearly every
    article of its facets, so that each result's card and plain text is stored. Returns the
    row's label and what was done."""
    pages = -(-search_total(base, host, targets["search"]) // page_size)
    shown = ask_all(host, [f"{base}{targets['search']}&page={n}" for n in range(1, pages + 1)])
    return "parts stored", (
        f"{shown} pages of the search row's question showed nearly every article of its facets "
        "once, storing its card and text"
    )


# Before a second 'new question' row: what a site that has run a while has stored.
STORE_AHEAD = {"search": show_every_result, "api_list": list_every_page}


def search_total(base, host, search_path):
    """The number of results of the search page's question (asked through the search API)."""
    query = search_path.partition("?")[2]
    request = urllib.request.Request(f"{base}/api/v2/search/?{query}", headers={"Host": host})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["total"]


def workers_of(master_pid):
    """(age in seconds, RSS in MB) of each worker of a gunicorn master, read from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue  # it ended meanwhile
        fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
        if int(fields[1]) != master_pid:
            continue
        started = int(fields[19]) / ticks
        rss_kb = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))
        found.append((uptime - started, rss_kb / 1024))
    return sorted(found, reverse=True)


def describe_workers(master_pid):
    return ", ".join(f"{age:.0f} s {rss:.0f} MB" for age, rss in workers_of(master_pid))


def recycling():
    """gunicorn's recycling settings in deploy/gunicorn.conf.py, as the bench runs it."""
    config = runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))
    limit = config.get("max_requests", 0)
    text = (
        f"a worker is replaced after {limit:,} requests (+ up to "
        f"{config.get('max_requests_jitter', 0):,})"
        if limit
        else "workers are not replaced after a number of requests"
    )
    rss_limit = config.get("MAX_WORKER_RSS_MB")
    if rss_limit:
        text += f"; a worker whose RSS passes {rss_limit} MB exits after its request"
    return text


def main():
    workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    os.chmod(workdir, 0o755)
    web_port, cold_port = free_port(), free_port()
    varnish_port, nginx_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SOCIAL_CREDENTIALS_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": os.environ["TEST_POSTGRES_URL"],
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        # The Site's address: page URLs and Varnish purges name it, so the rows ask for it too.
        "BASE_URL": "http://localhost",
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

    write_varnish_config(workdir / "default.vcl", web_port)
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

    def start(command, name=None, **more_env):
        log = (workdir / f"{name or Path(str(command[0])).name}.log").open("w")
        process = subprocess.Popen(
            command, cwd=ROOT, env={**env, **more_env}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        processes.append(process)
        return process

    try:
        config = "deploy/gunicorn.conf.py"
        serve = [bin_dir / "gunicorn", "--config", config, "cms.wsgi:application"]
        hot_master = start(serve).pid
        # A second server whose application caches answer nothing: every page worked out, as the
        # first visitor after a publish gets it (the content version changes for the whole site).
        cold_master = start(
            serve, "gunicorn-worked-out", APP_CACHES="off", GUNICORN_BIND=f"127.0.0.1:{cold_port}"
        ).pid
        start([
            "varnishd", "-F", "-n", str(workdir / "varnish"), "-a", f"127.0.0.1:{varnish_port}",
            "-f", str(workdir / "default.vcl"), "-s", "malloc,256m", "-T", "none",
        ])  # fmt: skip
        gunicorn = f"http://127.0.0.1:{web_port}"
        worked_out = f"http://127.0.0.1:{cold_port}"
        varnish = f"http://127.0.0.1:{varnish_port}"
        host = targets["host"]
        wait_for_http(gunicorn + "/healthz/")
        wait_for_http(worked_out + "/healthz/")
        wait_for_http(varnish + "/healthz/")

        saved = workdir / "saved"
        saved.mkdir()
        with urllib.request.urlopen(gunicorn + targets["press_release"]) as response:
            html = response.read()
        (saved / "press-release.html").write_bytes(html)
        (saved / "press-release.html.gz").write_bytes(gzip.compress(html, 6))
        os.chmod(saved, 0o755)
        start(["nginx", "-c", str(workdir / "nginx.conf"), "-g", "daemon off;"])
        wait_for_http(f"http://127.0.0.1:{nginx_port}/")

        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or platform.machine(),
        )
        print(
            f"\nMachine: {os.cpu_count()} cores, {cpu}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
        )
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"Load average before measuring: {load} (other work on the machine skews figures)")
        print(
            f"Articles: {targets['articles']}; wrk {CONNECTIONS} connections, {DURATION}s each; "
            f"Host: {host}; gunicorn 2 workers: {recycling()}\n"
        )
        print(
            "| row | served by | req/s | median ms | p99 ms | errors | load (1 min) "
            "| workers after the row (age, RSS) |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---|")

        def row(name, label, figures, master=None):
            workers = describe_workers(master) if master else ""
            print(
                f"| {name} | {label} | {figures['rps']:.0f} | {figures['p50']:.1f} "
                f"| {figures['p99']:.1f} | {figures['errors']} | {os.getloadavg()[0]:.1f} "
                f"| {workers} |",
                flush=True,
            )

        # Questions never asked before: each row starts where the previous one's could not reach.
        first_question = 0
        notes = []
        for name in [
            "home", "listing", "press_release", "report", "search", "api_list", "api_search_list"
        ]:  # fmt: skip
            path = targets[name]
            status = status_of(gunicorn + path, host)
            if status == 404:
                print(f"| {name} | skipped: {path.split('?')[0]} is 404 on this branch |")
                continue
            if status != 200:
                sys.exit(f"{name}: {path} answered {status}; fix that before measuring speed")
            for _ in range(3):  # renditions, fragment caches
                status_of(gunicorn + path, host)
            row(name, "gunicorn", wrk(gunicorn + path, host=host), hot_master)
            if name in ("search", "api_list", "api_search_list"):
                # Worked out: the same kind of question, a new one on every request.
                script = new_question_scripts(workdir, targets, first_question)[name]
                figures = wrk(gunicorn + "/", script, host=host)
                row(f"{name}, new question each request", "gunicorn", figures, hot_master)
                first_question += 10_000_000
                store_ahead = STORE_AHEAD.get(name)
                stored = store_ahead(gunicorn, host, targets) if store_ahead else None
                if stored:
                    label, before = stored
                    script = new_question_scripts(workdir, targets, first_question)[name]
                    figures = wrk(gunicorn + "/", script, host=host)
                    row(f"{name}, new question, {label}", "gunicorn", figures, hot_master)
                    first_question += 10_000_000
                    notes.append(
                        f"{name}, {label}: before the row, {before}; the row's questions are new "
                        "all the same"
                    )
            else:
                for _ in range(3):
                    status_of(worked_out + path, host)
                figures = wrk(worked_out + path, host=host)
                row(name, "gunicorn, APP_CACHES=off", figures, cold_master)
            for _ in range(3):
                status_of(varnish + path, host)
            row(name, "varnish", wrk(varnish + path, host=host))
            if name == "search":
                total = search_total(gunicorn, host, path)
                median, found = sample_search_totals(gunicorn, host, targets, first_question)
                notes.append(
                    f"search: `{path}` has {total} results; the new-word questions (three words "
                    f"of {len(targets['words'])}, same facets): median {median} results, "
                    f"{found} of 40 sampled found some"
                )
        figures = wrk(f"http://127.0.0.1:{nginx_port}/")
        row("saved press release", "nginx (ceiling)", figures)
        print()
        for note in notes:
            print(note)
        print(
            "Worked out: APP_CACHES=off rows come from a second gunicorn (2 workers) whose "
            "application caches answer nothing; 'new question' rows ask the first server "
            "something no one asked before on every request."
        )
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
