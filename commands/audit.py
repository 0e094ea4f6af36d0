"""`rto audit ...`: checking that no history was altered."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.app import app, pass_context, pass_context_unchecked
from commands.context import ID, OUTPUT, Context, parse_day


@app.group("audit")
def audit() -> None:
    """Audit: verify and seal the histories of cases and households.

    A seal signs a checkpoint of every history; verify with --public-key checks them against every seal.

    \b
    Example:
      rto --as kari audit verify
      rto --as kari audit seal
      rto --as kari audit verify --public-key /etc/rto/audit.pub
    """


FILE = click.Path(dir_okay=False, path_type=Path)


@audit.command("verify")
@click.option("--public-key", "public_key", type=FILE, metavar="FILE",
              help="Check the histories against the sealed checkpoints too, whose signatures this key verifies.")
@click.option("--checkpoints", type=FILE, metavar="FILE",
              help="The checkpoint file [default: [audit] checkpoints, RTO_AUDIT_CHECKPOINTS].")
@pass_context
def audit_verify(ctx: Context, public_key: Path | None, checkpoints: Path | None) -> None:
    """Verify every case's and household's history: exit 0 when intact, 7 naming the first altered event.
    With --public-key, also against every sealed checkpoint: a history cut short or rewritten since, a case or
    household deleted or inserted, an event backdated into a sealed past, or a checkpoint forged or altered
    exits 7 and names it.

    \b
    Example:
      rto --as kari audit verify
      rto --as kari audit verify --checkpoints /var/lib/rto/checkpoints.jsonl --public-key /etc/rto/audit.pub
    """
    from states.errors import InvalidInput
    from workflow.audit import verify_histories

    if checkpoints is not None and public_key is None:
        raise InvalidInput("checkpoints_need_key")
    result = verify_histories(ctx.app, ctx.actor, public_key, checkpoints)
    out = ctx.out
    found = result.found

    def human() -> None:
        counted = {"events": str(result.events), "cases": str(result.cases), "households": str(result.households),
                   "household_events": str(result.household_events)}
        if found is None and result.checkpoints is None:
            out.line(out.label("history_intact", **counted))
        elif found is None:
            out.line(out.label("history_sealed", **counted, checkpoints=str(result.checkpoints)))

    out.data(result, human)
    if found is not None:
        problem = out.message(found.problem, found.params)
        event = found.seq if found.seq is not None else "–"
        if found.case_id is None:
            out.error(out.message("checkpoint_failed", {**found.params, "problem": problem}))
        elif found.case_id == 0 and "household" in found.params:  # a household's own history
            out.error(out.message("audit_failed_household", {"household": found.params["household"], "event": event,
                                                             "problem": problem}))
        else:
            out.error(out.message("audit_failed", {"case": found.case_id, "event": event, "problem": problem}))
        raise click.exceptions.Exit(7)


@audit.command("keygen")
@click.option("--private", "private", type=FILE, required=True, metavar="FILE",
              help="Where the signing key goes (written 0600; never over an existing file).")
@click.option("--public", "public", type=FILE, required=True, metavar="FILE",
              help="Where the public key goes: what `audit verify --public-key` checks seals with.")
@pass_context_unchecked
def audit_keygen(ctx: Context, private: Path, public: Path) -> None:
    """Make an Ed25519 key pair for sealing checkpoints. Keep the private key where `rto audit seal` runs
    ([audit] signing_key), and the public key with those who verify. Needs no database.

    \b
    Example:
      rto audit keygen --private /etc/rto/audit.key --public /etc/rto/audit.pub
    """
    from workflow.checkpoints import generate_keys

    keys = generate_keys(private, public)
    out = ctx.out

    def human() -> None:
        out.line(out.label("keys_written", private=keys.private, public=keys.public))
        out.line(out.label("key_fingerprint", fingerprint=keys.fingerprint))
        out.line(out.label("keys_advice", public=keys.public))

    out.data(keys, human)


@audit.command("seal")
@pass_context
def audit_seal(ctx: Context) -> None:
    """Sign a checkpoint of every history (each case's length and head under one Merkle root, each
    household's under another) with the signing key ([audit] signing_key), append it to the checkpoint file
    ([audit] checkpoints), and queue a copy to the supervisors by email (supervisors, admins and the system
    account; `rto scheduler run` seals daily). Nothing is sealed over a history that an earlier checkpoint
    shows was cut short or deleted: exit 7.

    \b
    Example:
      rto --as kari audit seal
      RTO_AUDIT_SIGNING_KEY=/etc/rto/audit.key rto --as rto --json audit seal
    """
    from workflow.checkpoints import seal_checkpoint

    sealed = seal_checkpoint(ctx.app, ctx.actor)
    out = ctx.out

    def human() -> None:
        out.line(out.label("sealed", number=str(sealed.number), file=sealed.file, cases=str(sealed.cases),
                           events=str(sealed.events), changed=str(sealed.changed)))
        out.line(out.label("sealed_root", root=sealed.root))
        out.line(out.label("sealed_mailed", logins=", ".join(sealed.mailed)) if sealed.mailed
                 else out.label("sealed_not_mailed"))

    out.data(sealed, human)


@audit.command("access")
@click.argument("case_id", type=ID, required=False)
@click.option("--by", "by", metavar="LOGIN", help="What this staff member has looked at.")
@click.option("--since", metavar="DATE", help="Only from this day (YYYY-MM-DD).")
@pass_context
def audit_access(ctx: Context, case_id: int | None, by: str | None, since: str | None) -> None:
    """Who has looked at a case (show, history, export), or what a staff member has looked at, newest
    first (supervisors and admins).

    \b
    Example:
      rto --as kari audit access 12
      rto --as kari audit access --by ola --since 2026-01-01
    """
    from workflow.access import access_log

    if case_id is None and by is None:
        from states.errors import InvalidInput

        raise InvalidInput("access_needs_case_or_login")
    rows = access_log(ctx.app, ctx.actor, case_id, by, parse_day("--since", since))
    out = ctx.out
    out.data(rows, lambda: out.table(
        [out.label("at"), out.label("actor"), out.label("case"), out.label("kind")],
        [[out.when(r.at), r.login, r.case if r.case is not None else f"{out.label('household').lower()} {r.household}",
          out.label("access_" + r.action)] for r in rows])
        if rows else out.line(out.label("no_access_by", login=by) if by else out.label("no_access")))


@audit.command("export")
@click.option("--from", "start", metavar="DATE", help="From this day (YYYY-MM-DD; default: the beginning).")
@click.option("--to", "end", metavar="DATE", help="To this day, inclusive (default: today).")
@OUTPUT
@pass_context
def audit_export(ctx: Context, start: str | None, end: str | None, output: Path | None) -> None:
    """Every history event in a date range as JSON lines, for archiving: each line carries the exact
    details text and hashes it was written with, so the archive can be verified later (supervisors and
    admins). Every case exported is recorded in the access log.

    \b
    Example:
      rto --as kari audit export --from 2026-01-01 --to 2026-12-31 -o historikk-2026.jsonl
    """
    from states.errors import InvalidInput
    from workflow.audit import export_events

    first, last = parse_day("--from", start), parse_day("--to", end)
    if output is None:
        export_events(ctx.app, ctx.actor, first, last, sys.stdout.write)
        return
    partial = output.with_name(output.name + ".part")  # the archive appears whole, or not at all
    try:
        with partial.open("w", encoding="utf-8") as fh:
            count = export_events(ctx.app, ctx.actor, first, last, fh.write)
        partial.replace(output)
    except OSError as error:
        raise InvalidInput("cannot_write", path=str(output), why=error.strerror or str(error)) from None
    finally:
        partial.unlink(missing_ok=True)
    ctx.out.error(ctx.out.label("exported", count=str(count), path=str(output)))

