"""Runs the code that lessons/input-sanitization.md shows for server-side validation and nh3, as
written in the lesson, against the real libraries, and prints what docs/fact-check/part-3.md quotes.

Run from the repository root (needs curl and Python >= 3.12, which Django 6 requires):

    python3.12 -m venv /tmp/venv-lesson1
    /tmp/venv-lesson1/bin/pip install -r docs/fact-check/requirements-lesson1.txt
    /tmp/venv-lesson1/bin/python docs/fact-check/check_lesson1.py

Each fragment is taken from the lesson's code blocks and run with only what it leaves out (the
`app`, `save_entry`, the templates). Every claim is an `assert`, so a new release that behaves
differently stops the script at the claim it breaks.
"""

import re
import subprocess
import sys
import tempfile
import threading
import types
from importlib.metadata import version
from pathlib import Path

LESSON = Path(__file__).resolve().parents[2] / "lessons" / "input-sanitization.md"
BODY = LESSON.read_text().split("+++", 2)[2]
BLOCKS = re.findall(r"```([^\n]*)\n(.*?)```", BODY, re.S)


def block(info, contains):
    """The one code block with this info string that contains `contains`."""
    found = [code for fence, code in BLOCKS if fence.strip() == info and contains in code]
    assert len(found) == 1, (info, contains, len(found))
    return found[0]


def module(name, **attrs):
    """An importable stand-in module, so fragments that need one (Flask's import name,
    Django's template library) can run from this single file."""
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    sys.modules[name] = mod
    return mod


print({name: version(name) for name in
       ["flask", "werkzeug", "flask-wtf", "wtforms", "markupsafe", "nh3", "django"]})

# --- Flask: the plain view of "The fix", the Flask-WTF form, the nh3 template filter ---------
import flask  # noqa: E402
from jinja2 import DictLoader  # noqa: E402

saved = []
plain = module("plain_fix", __file__=__file__, save_entry=lambda *entry: saved.append(entry))
exec(block("python flask", "MAX_CONTENT_LENGTH"), plain.__dict__)
plain.app.jinja_loader = DictLoader({
    "guestbook.html": "{{ errors }}",
    "welcome.html": "Welcome, {{ name }} of {{ house }}!",
})

wtf = module("wtf_form", __file__=__file__, save_entry=lambda *entry: saved.append(entry))
wtf.app = flask.Flask("wtf_form")
wtf.app.config["SECRET_KEY"] = "fact-check only"
wtf.app.jinja_loader = DictLoader({
    "guestbook.html": "{{ form.errors }}|{{ form.csrf_token }}{{ form.name() }}{{ form.message() }}",
    "welcome.html": "Welcome, {{ name }} of {{ house }}!",
    "entry.html": "{{ m|castle_html }}|{{ m }}",
})
exec(block("python flask", "FlaskForm"), wtf.__dict__)
exec(block("python flask", "castle_html"), wtf.__dict__)


@wtf.app.get("/guestbook")
def form_page():
    return flask.render_template("guestbook.html", form=wtf.GuestbookForm())


@wtf.app.get("/entry")
def entry_page():
    return flask.render_template("entry.html", m=flask.request.args["m"])


# --- Django: the form with clean_name, the nh3 template filter ----------------------------------
import django  # noqa: E402
from django.conf import settings  # noqa: E402

module("castle_app", __path__=[])
module("castle_app.templatetags", __path__=[])
settings.configure(
    DEBUG=False, ROOT_URLCONF="check_urls", ALLOWED_HOSTS=["127.0.0.1"], SECRET_KEY="fact-check only",
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"libraries": {"castle": "castle_app.templatetags.castle"}}}],
)
django.setup()
exec(block("python django", "register.filter"), module("castle_app.templatetags.castle").__dict__)
dj = module("django_form")
exec(block("python django", "clean_name"), dj.__dict__)

from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402


def sign_guestbook(request):
    """The Django view of "The fix", answering with the form's errors instead of a template."""
    form = dj.GuestbookForm(request.POST)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    return HttpResponse("Welcome, %(name)s of %(house)s!" % form.cleaned_data)


module("check_urls", urlpatterns=[path("guestbook", sign_guestbook)])

# --- The signpost: what each form library writes into the page ---------------------------------
text_block = block("text", "Flask-WTF  {{ form.name() }}")
django_name = str(dj.GuestbookForm()["name"])
print("Django {{ form.name }}:   ", django_name)
print("Django {{ form.message }}:", str(dj.GuestbookForm()["message"]).replace("\n", ""))
assert django_name in text_block

# --- The gate: real servers, and the lesson's curl command as written --------------------------
from django.core.wsgi import get_wsgi_application  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402


class Quiet(WSGIRequestHandler):
    def log(self, *args):
        pass


def serve(wsgi_app):
    server = make_server("127.0.0.1", 0, wsgi_app, request_handler=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def curl(command):
    """Status line and body of a curl -i run through bash, as a reader would paste it."""
    lines = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True).stdout.splitlines()
    return lines[0].strip(), " ".join(line for line in lines[lines.index(""):] if line).strip()


servers = {"Flask plain view": serve(plain.app), "Flask-WTF form": serve(wtf.app),
           "Django form": serve(get_wsgi_application())}
dragon = block("shell", "curl").strip()
print("\nThe lesson's curl:\n" + dragon)
jar = tempfile.NamedTemporaryFile(suffix=".cookies").name
for name, server in servers.items():
    base = f"http://127.0.0.1:{server.server_port}"
    command = dragon.replace("https://castle.example", f"-s -i {base}")
    if name == "Flask-WTF form":
        # The dragon fetches the form once for a CSRF token and its session cookie.
        page = subprocess.run(["curl", "-s", "-c", jar, f"{base}/guestbook"], capture_output=True, text=True).stdout
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        rendered = page.split("|")[1].split(">", 1)[1]
        print("\nFlask-WTF {{ form.name() }}{{ form.message() }}:", rendered.replace("\n", ""))
        assert rendered.split("<textarea")[0] in text_block
        assert 'maxlength="2000"' in rendered
        command += f" -b {jar} --data-urlencode csrf_token={token}"
        status, body = curl(f"curl -s -i {base}/guestbook --data-urlencode name=Tom -d house=north")
        print(f"{name}, no CSRF token: {status} | {body[:80]}")
        assert " 400 " in status and "The CSRF token is missing." in body
        honest = f"curl -s -i {base}/guestbook -b {jar} --data-urlencode csrf_token={token}"
        status, body = curl(honest + " -d house=north")  # no name field: the None-safe strip filter
        print(f"{name}, no name field: {status} | {body[:80]}")
        assert " 400 " in status and "This field is required." in body
    else:
        honest = f"curl -s -i {base}/guestbook"
    status, body = curl(honest + """ --data-urlencode "name=  Tom & Jerry's  " -d house=north""")
    print(f"{name}, honest visitor: {status} | {body}")
    # Jinja2 escapes the welcome page; the Django stand-in view answers in plain text.
    assert " 200 " in status and body in {"Welcome, Tom &amp; Jerry&#39;s of north!", "Welcome, Tom & Jerry's of north!"}
    if name == "Django form":
        status, body = curl(f'curl -s -i {base}/guestbook --data-urlencode "name=  The Queen " -d house=north')
        print(f"{name}, reserved name: {status} | {body}")
        assert " 400 " in status and "That name belongs to the castle." in body
    status, body = curl(command)
    print(f"{name}, the dragon's curl: {status} | {body[:240]}")
    assert " 400 " in status
for server in servers.values():
    server.shutdown()
for quoted in ["Your name must be 1 to 100 characters long.", "Choose one of the four houses.",
               "Ensure this value has at most 100 characters (it has 5000).",
               "Select a valid choice. dragon is not one of the available choices."]:
    assert quoted in BODY.replace("\n", " "), quoted

# --- When the visitor brings HTML: escaping, the regex, nh3 ------------------------------------
import nh3  # noqa: E402
from markupsafe import escape  # noqa: E402

print('\nescape("<b>Long live</b> the queen") ->', escape("<b>Long live</b> the queen"))
assert str(escape("<b>Long live</b> the queen")) == "&lt;b&gt;Long live&lt;/b&gt; the queen"

message = ('<b>Long live</b> the queen! <a href="https://castle.example" onclick="steal()">our gate</a>'
           '<img src=x onerror=alert(1)>')
expected = '<b>Long live</b> the queen! <a href="https://castle.example" rel="noopener noreferrer">our gate</a>'
flask_filter = wtf.app.test_client().get("/entry", query_string={"m": message}).get_data(as_text=True)
django_filter = engines["django"].from_string("{% load castle %}{{ m|castle_html }}|{{ m }}").render({"m": message})
print("Flask  {{ m|castle_html }}|{{ m }}:", flask_filter)
print("Django {{ m|castle_html }}|{{ m }}:", django_filter)
for rendered in (flask_filter, django_filter):
    cleaned, escaped = rendered.split("|")
    assert cleaned == expected and escaped.startswith("&lt;b&gt;Long live")

regex = module("regex_filter")
exec(block("python", "strip_scripts"), regex.__dict__)
allow_list = {"tags": {"b", "i", "p", "br", "a"}, "attributes": {"a": {"href"}}, "url_schemes": {"http", "https"}}
rows = re.findall(r"^\| `([^`]+)` \| (.*?) \| `([^`]+)` \|$", BODY, re.M)
assert len(rows) == 3, rows
for given, regex_leaves, nh3_leaves in rows:
    by_regex, by_nh3 = regex.strip_scripts(given), nh3.clean(given, **allow_list)
    print(f"{given!r}: regex -> {by_regex!r}; nh3 -> {by_nh3!r}")
    assert by_nh3 == nh3_leaves
    if regex_leaves.startswith("unchanged"):
        assert by_regex == given
    else:
        assert regex_leaves.startswith(f"`{by_regex}`")
# How an HTML parser reads `<b/onclick=...>`: html5ever (inside nh3), told to keep onclick, keeps it
# as an attribute.
print("parser:", nh3.clean("<b/onclick=alert(1)>hi</b>", tags={"b"}, attributes={"b": {"onclick"}}))
assert nh3.clean("<b/onclick=alert(1)>hi</b>", tags={"b"}, attributes={"b": {"onclick"}}) == '<b onclick="alert(1)">hi</b>'

# The warning about nh3's defaults.
print("defaults:", len(nh3.ALLOWED_TAGS), "tags;", "img:", sorted(nh3.ALLOWED_ATTRIBUTES["img"]), ";",
      len(nh3.ALLOWED_URL_SCHEMES), "URL schemes; content removed with:", sorted(nh3.CLEAN_CONTENT_TAGS))
assert len(nh3.ALLOWED_TAGS) == 75 and {"img", "table", "h1", "h6"} <= nh3.ALLOWED_TAGS
assert "src" in nh3.ALLOWED_ATTRIBUTES["img"]
assert len(nh3.ALLOWED_URL_SCHEMES) == 25 and {"tel", "bitcoin"} <= nh3.ALLOWED_URL_SCHEMES
for options in ({}, allow_list):
    assert nh3.clean("<marquee>Dragon</marquee>", **options) == "Dragon"
    assert nh3.clean("<script>alert(1)</script><style>b{}</style>Hi<!-- c -->", **options) == "Hi"
    assert nh3.clean('<a href="https://x.example" onclick="f()">x</a>', **options) == \
        '<a href="https://x.example" rel="noopener noreferrer">x</a>'
    assert nh3.clean('<a href="javascript:alert(1)">x</a>', **options) == '<a rel="noopener noreferrer">x</a>'
assert len("<svg onload=alert(1)>") == 21
print("\nEvery claim held.")
