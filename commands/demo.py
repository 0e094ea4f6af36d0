"""`rto demo`: the whole product at work on a throw-away database, in well under a minute."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from commands.app import app, pass_context_unchecked
from commands.context import Context
from commands.output import Output

# the progress table's columns: (label, key of the progress line)
COLUMNS = (("demo_households", "households"), ("cur_open", "open"), ("stalled_cases", "stalled"),
           ("demo_moved_in", "moved_in"), ("demo_closed", "closed"), ("demo_sent", "reminders_sent"))
STORY = ("refused_affordability", "smaller_loans", "grants", "cheaper_homes", "lost_bids", "pauses", "follow_ups",
         "reassigned", "continued", "certificates_extended", "decisions", "papers", "papers_waived")


@app.command("demo")
@click.option("--seed", type=int, default=7, show_default=True, help="The same seed tells the same story.")
@click.option("--months", type=click.IntRange(1, 60), default=18, show_default=True, help="Months to simulate.")
@click.option("--households", type=click.IntRange(1, 1000), default=40, show_default=True,
              help="Households that arrive over the first months.")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Where to put the database, the mail folder and the report [default: a new temporary folder].")
@pass_context_unchecked
def demo(ctx: Context, seed: int, months: int, households: int, folder: Path | None) -> None:
    """See the whole product work: a throw-away database, households arriving over the months, and
    every case moved through the journey by the real services, with a fake clock a day at a time.

    Households are screened, financed (or refused by the affordability test, and some overridden by a
    supervisor), search, lose bids and bid again, pause, stall, close or move in. Every business day
    the real review queues reminders and the outbox delivers them into a mail folder. One line per
    simulated month, then the supervisors' report, and where the database, the mail folder and the
    HTML report are. Nothing outside the demo's folder is touched.

    \b
    Example:
      rto demo
      rto demo --seed 3 --months 12 --households 25 --dir /tmp/rto-demo
    """
    from commands.report import print_report, terminal_width
    from workflow.demo import folder_in_use, run_demo

    out = ctx.out
    if folder is None:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="rto-demo-"))
    elif folder_in_use(folder):
        param = next(p for p in click.get_current_context().command.params if p.name == "folder")
        raise click.BadParameter(out.label("demo_dir_used", path=str(folder)), param=param)
    began = time.monotonic()
    result = run_demo(folder, seed, months, households, lambda line: _progress(out, line), out.language)
    took = time.monotonic() - began

    def human() -> None:
        out.line()
        print_report(out, result.report, terminal_width(True))
        out.line()
        story = result.story
        out.line(out.label("demo_story", **{k: str(story[k]) for k in STORY}))
        out.line()
        out.line(f"{out.label('demo_database')}  {result.database}")
        out.line(f"{out.label('demo_maildir')}  {result.maildir} ({out.label('demo_mails', count=str(result.mails))})")
        out.line(f"{out.label('demo_html')}  {result.html}")
        out.line(out.label("demo_explore", url=result.database_url))
        out.line(out.label("demo_took", seconds=out.formats.number(took, "0.0"), folder=result.folder))

    out.data({**out.plain(result), "seconds": round(took, 1)}, human)


def _progress(out: Output, line: dict[str, Any]) -> None:
    """One line per simulated month, under a header printed when the run starts (nothing with --json)."""
    if out.json_mode:
        return
    widths = [max(len(out.label(label)), 6) for label, _ in COLUMNS]
    month_width = 16
    if line["kind"] == "start":
        out.line(out.label("demo_start", households=str(line["households"]), months=str(line["months"]),
                           start=out.formats.day(line["start"]), end=out.formats.day(line["end"]),
                           seed=str(line["seed"])))
        out.line(out.label("demo_folder", folder=line["folder"]))
        out.line()
        header = [out.label("demo_month").ljust(month_width)]
        header += [out.label(label).rjust(w) for (label, _), w in zip(COLUMNS, widths, strict=True)]
        out.line("  ".join(header))
        return
    cells = [out.formats.month(line["date"]).ljust(month_width)]
    cells += [str(line[key]).rjust(w) for (_, key), w in zip(COLUMNS, widths, strict=True)]
    out.line("  ".join(cells))
