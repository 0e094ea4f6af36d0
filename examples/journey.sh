#!/usr/bin/env bash
# A household's whole journey, from `rto init` to `moved_in`, on a throw-away SQLite database.
# Every line it runs is printed first (as "$ rto ..."), so the output reads as a transcript.
set -euo pipefail

# The project's own rto (`make install` puts it in .venv/), so that no environment needs activating; else the
# one on the PATH (installed with pipx or uv tool).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -x "$here/../.venv/bin/rto" ]]; then
  RTO="$here/../.venv/bin/rto"
elif command -v rto >/dev/null; then
  RTO=rto
else
  echo "rto is not installed: run \`make install\` in $(dirname "$here"), or pipx install it" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rto-journey.XXXXXX")
export RTO_DATABASE_URL="sqlite:///$work/rto.db"
# One person plays every part here (admin, caseworker, supervisor), so logins are taken as declared (--as,
# RTO_USER). A real installation leaves the identity source at "os": the OS login is who acts.
export RTO_IDENTITY=declared
today=$(date +%F)
in90=$(date -d "+90 days" +%F 2>/dev/null || date -v+90d +%F)

show() {  # the command line as one would type it
  local line="rto" arg
  for arg in "$@"; do
    if [[ "$arg" =~ [[:space:]\;] ]]; then line+=" \"$arg\""; else line+=" $arg"; fi
  done
  printf '\n$ %s\n' "$line"
}
run() { show "$@"; "$RTO" "$@"; }
refused() {  # a step the journey refuses: show it, and go on
  show "$@"
  if "$RTO" "$@"; then echo "(expected a refusal)" >&2; exit 1; else echo "(exit $?)"; fi
}

run init --admin kari --name "Kari Nordmann" --email kari@sandnes.kommune.no
run --as kari staff add ola --name "Ola Hansen" --email ola@sandnes.kommune.no --role caseworker
run --as kari staff add siri --name "Siri Fagleder" --email siri@sandnes.kommune.no --role supervisor

export RTO_USER=ola
born() { date -d "$1" +%F 2>/dev/null || date -v"$2" +%F; }  # a birth date, so many years and days ago
run household add --name "Familien Berg" --unit "Rovik 12 H0201" --email berg@example.no --email-consent
household=1
run household member add $household --name "Kari Berg" --born "$(born '-38 years -40 days' -38y)"
run household member add $household --name "Per Berg" --born "$(born '-40 years -100 days' -40y)" --co-applicant
run household member add $household --name "Emma Berg" --born "$(born '-9 years -20 days' -9y)"
run household member add $household --name "Jon Berg" --born "$(born '-4 years -200 days' -4y)"
run case open $household
case=1
refused case advance $case motivated

run case set $case consent=yes income_monthly=64000 income_predictable=yes plan_agreed=yes \
    debt_monthly=1200 fixed_costs_monthly=2500
run decision propose $case --kind help_granted \
    --reason "Fast inntekt i tre år, ønsker å eie, og har avtalt en plan for bistanden"
refused decision approve 1
run --as siri decision approve 1
run case advance $case motivated
run case set $case loan_amount=2900000 grant_amount=150000 equity=60000 \
    certificate_issued=$today certificate_expires=$in90 loan_years=30
refused case advance $case financed
for member in 1 2; do
  for paper in tax_return payslips debt_register; do
    run case doc $case $paper received --member $member --ref "2026/1432-$member-$paper"
  done
done
run case advance $case financed
run case advance $case searching
run case note $case "Visning i Kirkeveien 12 lørdag; familien likte leiligheten."
run case set $case "property=Kirkeveien 12, 4306 Sandnes" property_type=cooperative asking_price=2850000 \
    common_costs_monthly=3100 property_approved=yes bid_amount=3150000 bid_result=pending
run case doc $case prospectus received --ref "2026/1432-12"
refused case advance $case bidding
run case set $case bid_amount=2950000
run case advance $case bidding
run case set $case bid_result=lost
run case advance $case searching
run case pause $case --reason "Familien venter barn; tar opp igjen etter permisjonen"
run case resume $case
run case set $case "property=Storgata 3, 4307 Sandnes" property_type=freehold asking_price=2650000 \
    common_costs_monthly=900 property_approved=yes bid_amount=2700000 bid_result=pending
run case advance $case bidding
run case set $case bid_result=accepted purchase_price=2700000 contract_date=$today takeover_date=$today
run case doc $case purchase_contract received --ref "2026/1432-20"
run case advance $case contracted
refused case advance $case moved_in
run case set $case tenancy_ended=yes startskudd_ref=SKS-2026-004711
run case doc $case mortgage_registered received --ref "2026/1432-24"
run case advance $case moved_in
run case show $case
run case docs $case
run case history $case
run decision letter 1 --format html -o "$work/vedtak-1.html"
run --as siri audit verify
printf '\nThe database is %s; delete the folder when done.\n' "$work"
