"""How a scaffold talks about its name: as a role, a subject or a task, in words an author would write.

``subject(name)`` reads a kebab-case name the way a person would: ``test-writer`` and ``code-reviewer`` are
roles ("a test writer", "the code reviewer"), ``security``, ``api-docs`` and ``kubernetes`` are subjects ("a
specialist in security", "API docs"), ``write-tests`` is a task ("to write tests"). A trailing ``workflow``,
``guide`` or ``helper`` is a kind of skill, not part of its subject (``git-workflow`` is a workflow for Git),
so no template says "workflow workflow". ``guess_tools(name)`` picks the tools a role or task needs: those
that review read and search, those that make things also edit and run commands.

The word lists are small and practical, not a grammar: an unknown word reads as a subject, and an unknown
word ending in -er/-or (``data-wrangler``) reads as a role.
"""

from __future__ import annotations

from dataclasses import dataclass


def _pairs(text: str) -> dict[str, str]:
    """``"reviewer:review critic:"`` → ``{"reviewer": "review", "critic": ""}`` (word lists stay compact)."""
    return dict(pair.split(":", 1) for pair in text.split())


# the tools of an agent that reads, one that also runs commands (tests, linters) and one that also edits
READ_TOOLS = ("Read", "Grep", "Glob")
RUN_TOOLS = ("Read", "Grep", "Glob", "Bash")
EDIT_TOOLS = ("Read", "Grep", "Glob", "Write", "Edit", "Bash")
TOOLS_BY_MODE = {"read": READ_TOOLS, "run": RUN_TOOLS, "edit": EDIT_TOOLS}

# role nouns → the verb of their work: those that read, those that run commands, those that also edit
_READ_ROLES = _pairs(
    """
    reviewer:review auditor:audit analyzer:analyze analyser:analyse checker:check explainer:explain
    inspector:inspect scanner:scan validator:validate verifier:verify investigator:investigate detector:detect
    finder:find researcher:research summarizer:summarize summariser:summarise planner:plan advisor:advise
    adviser:advise critic: analyst: consultant: architect: expert: specialist: mentor: tutor: coach:
    teacher:teach guard: guardian: monitor: triager:triage assessor:assess evaluator:evaluate grader:grade
    judge: navigator: librarian: helper:help assistant: agent: bot:
    """
)
_EDIT_ROLES = _pairs(
    """
    writer:write generator:generate fixer:fix migrator:migrate builder:build formatter:format
    refactorer:refactor creator:create maker:make author: editor:edit translator:translate optimizer:optimize
    optimiser:optimise updater:update upgrader:upgrade converter:convert transformer:transform
    implementer:implement developer:develop engineer: designer:design documenter:document scaffolder:scaffold
    debugger:debug resolver:resolve cleaner:clean organizer:organize patcher:patch committer:commit
    releaser:release installer:install coder:code programmer:program porter:port bumper:bump
    """
)
_RUN_ROLES = _pairs("runner:run tester:test linter:lint profiler:profile benchmarker:benchmark deployer:deploy")
# words ending in -er/-or that name things, not people who do something
_NOT_ROLES = set(
    """
    server docker container folder user error header footer layer buffer cluster parameter character number
    order paper computer filter register router browser power color colour vector tensor sensor cursor mirror
    wrapper provider adapter adaptor controller counter timer poster banner member chapter letter matter
    master monster powder water tailwinder ember october november december september after other never over
    under sober major minor factor actor behavior behaviour interior exterior anchor doctor floor door senior
    junior meteor terror honor humor flavor labor vapor favor motor rotor razor scissor sailor corridor manner
    dinner summer winter spider finger border gather weather ledger tier pier cheer deer beer peer career
    """.split()
)
# first words that make a name a task ("write-tests"): reading, running commands, changing files
_READ_VERBS = set(
    """
    review audit analyze analyse check explain inspect scan validate verify find search explore research
    summarize summarise plan assess evaluate compare diff triage investigate detect trace map list show
    describe estimate
    """.split()
)
_RUN_VERBS = {"run", "test", "lint", "benchmark", "profile", "deploy", "smoke"}
_EDIT_VERBS = set(
    """
    write generate fix migrate build format refactor create make add update upgrade convert translate optimize
    optimise implement document scaffold debug resolve clean organize rename remove delete bump release commit
    install init setup sync draft improve simplify port patch tidy rewrite apply publish ship bootstrap
    """.split()
)
# verbs that are as often nouns ("release-notes", "test-coverage", "build-system"): a name that starts with one is
# a task only alone ("review") or with an object from _OBJECTS ("review-code", "run-tests")
_NOUN_TOO = set(
    """
    test release build commit plan check review map list show format lint design patch profile port draft
    search trace scan audit diff benchmark smoke run update document sort ship research estimate setup sync
    debug
    """.split()
)
# objects of a task, with the determiner a singular one takes ("fix-issue" → "fix an issue"); "" for none
_OBJECTS = _pairs(
    """
    code:the tests: test:a docs: doc:the changes: change:the diff:the pr:a prs: app:the apps: files: file:the
    project:the repo:the types: all: everything: dependencies: deps: imports: branch:the branches: api:the
    apis: schema:the schemas: config:the issue:a issues: bug:a bugs: release:a build:the component:a
    components: endpoint:an endpoints: page:a pages: feature:a features: module:a modules: function:a
    functions: migration:a migrations: readme:the changelog:the dockerfile:the package:the packages: site:the
    service:the services: commit:a commits: pipeline:the server:the database:the db:the query:a queries:
    security: performance: accessibility: logs: errors: error:an it: this:
    """
)
# the last word of a skill that says what kind of skill it is, not what it is about
SKILL_KINDS = ("workflow", "workflows", "guide", "guides", "helper", "helpers")

# how words are written in prose
_CASED = _pairs(
    """
    api:API apis:APIs mcp:MCP ui:UI ux:UX css:CSS html:HTML sql:SQL json:JSON yaml:YAML toml:TOML xml:XML
    csv:CSV pdf:PDF pdfs:PDFs aws:AWS gcp:GCP ci:CI cd:CD cli:CLI sdk:SDK http:HTTP url:URL urls:URLs ssh:SSH
    jwt:JWT llm:LLM ai:AI ml:ML db:DB seo:SEO rest:REST tdd:TDD iac:IaC sre:SRE pr:PR prs:PRs qa:QA e2e:E2E
    dns:DNS tls:TLS ssl:SSL gpu:GPU cpu:CPU rpc:RPC grpc:gRPC graphql:GraphQL oauth:OAuth github:GitHub
    gitlab:GitLab javascript:JavaScript typescript:TypeScript ios:iOS macos:macOS k8s:K8s
    kubernetes:Kubernetes docker:Docker terraform:Terraform python:Python rust:Rust react:React django:Django
    postgres:Postgres postgresql:PostgreSQL mysql:MySQL redis:Redis linux:Linux git:Git java:Java
    kotlin:Kotlin swift:Swift golang:Go npm:npm vue:Vue angular:Angular nextjs:Next.js nodejs:Node.js
    node:Node ansible:Ansible helm:Helm jira:Jira slack:Slack figma:Figma stripe:Stripe sentry:Sentry
    datadog:Datadog openapi:OpenAPI ruby:Ruby php:PHP dotnet:.NET csharp:C# cpp:C++ wasm:Wasm sqlite:SQLite
    mongodb:MongoDB cdk:CDK azure:Azure gcs:GCS s3:S3 ec2:EC2 claude:Claude markdown:Markdown latex:LaTeX
    regex:regex i18n:i18n a11y:a11y id:ID ids:IDs os:OS vm:VM vms:VMs
    """
)


@dataclass(frozen=True)
class Subject:
    """How to talk about a name.

    ``form`` is ``role`` (``phrase`` is a role noun: "test writer"), ``topic`` (a subject: "security") or
    ``task`` (what to do: "write tests"). ``verb`` is the verb of the work ("write" for a test writer and for
    write-tests; "" when no single verb fits, as for an architect or a subject). ``kind`` is the skill kind the
    name ends with ("workflow") or "". ``mode`` is what the work needs: ``read`` (a reviewer), ``run`` commands
    too (a test runner) or ``edit`` files too (a writer, a generator).
    """

    name: str
    form: str
    phrase: str
    verb: str
    kind: str
    mode: str

    @property
    def edits(self) -> bool:
        return self.mode == "edit"

    @property
    def a(self) -> str:
        """The phrase with its indefinite article: "a test writer", "an API docs generator"."""
        return f"{article(self.phrase)} {self.phrase}"

    @property
    def the(self) -> str:
        return f"the {self.phrase}"

    @property
    def task(self) -> str:
        """What to do, as an infinitive without "to": "write tests", "review the code"."""
        return self.phrase


def prose(words: str | list[str]) -> str:
    """Words as prose writes them: "api docs" → "API docs", "kubernetes" → "Kubernetes"."""
    items = words.split() if isinstance(words, str) else words
    return " ".join(_CASED.get(w, w) for w in items)


def title(name: str) -> str:
    """A title for a kebab-case name: "api-docs-generator" → "API Docs Generator"."""
    return " ".join(_CASED.get(w) or w[:1].upper() + w[1:] for w in name.split("-"))


def article(phrase: str) -> str:
    """ "a" or "an" by how the phrase is said ("an API", "a unit test", "an hour")."""
    word = phrase.split()[0] if phrase.split() else ""
    low = word.lower()
    if word.isupper() and len(word) > 1 and word.isalpha():  # an acronym is said letter by letter
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    if low.startswith(("uni", "use", "usa", "usu", "eu", "one", "ubi", "uti")):
        return "a"
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if low[:1] in ("a", "e", "i", "o", "u") else "a"


def is_role_noun(word: str) -> bool:
    """Whether a word names someone who does something ("writer", "auditor", "data-wrangler"'s "wrangler")."""
    if word in _READ_ROLES or word in _EDIT_ROLES or word in _RUN_ROLES:
        return True
    if word in _NOT_ROLES or len(word) < 5:
        return False
    return word.endswith(("er", "or", "ist"))


def subject(name: str, skill: bool = False) -> Subject:
    """Read a kebab-case name as a role, a topic or a task (see the module doc). For a ``skill``, a trailing
    ``workflow``, ``guide`` or ``helper`` is the kind of skill and not part of the phrase."""
    words = [w for w in name.split("-") if w]
    if not words:
        return Subject(name, "topic", name, "", "", "read")
    kind = ""
    if skill and len(words) > 1 and words[-1] in SKILL_KINDS:
        kind = words[-1].rstrip("s")
        words = words[:-1]
    head, first = words[-1], words[0]
    if is_role_noun(head):
        mode = "edit" if head in _EDIT_ROLES else "run" if head in _RUN_ROLES else "read"
        verb = {**_READ_ROLES, **_RUN_ROLES, **_EDIT_ROLES}.get(head, "")
        return Subject(name, "role", prose(words), verb, kind, mode)
    rest = words[1:]
    verb_first = first in _READ_VERBS or first in _EDIT_VERBS or first in _RUN_VERBS
    if verb_first and (first not in _NOUN_TOO or not rest or rest[-1] in _OBJECTS):
        # a verb alone: "review" → "review the code"; "commit-helper" (a skill) → "commit"
        if not rest and kind:
            task = first
        elif not rest or rest == ["code"]:
            task = f"{first} the code"
        else:
            det = _OBJECTS.get(rest[-1], "")
            obj = prose(rest)
            det = article(obj) if det in ("a", "an") else det
            task = f"{first} {det + ' ' if det else ''}{obj}"
        mode = "edit" if first in _EDIT_VERBS else "run" if first in _RUN_VERBS else "read"
        return Subject(name, "task", task, first, kind, mode)
    return Subject(name, "topic", prose(words), "", kind, "read")


def guess_tools(name: str) -> list[str]:
    """The tools an agent called ``name`` needs: reviewers and auditors read and search; test runners and linters
    also run commands; writers, generators, fixers and the like also edit files and run commands. Subjects
    (``security``) and names it cannot place only read: least privilege."""
    return list(TOOLS_BY_MODE[subject(name).mode])
