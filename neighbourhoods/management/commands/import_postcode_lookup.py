"""Load the city's postcodes from the ONS National Statistics Postcode Lookup (NSPL), so the ward finder
can place a postcode.

The NSPL is open data under the Open Government Licence v3.0, published by the ONS on the Open Geography
Portal as a zip; its `Data/NSPL_<MONTH>_<YEAR>_UK.csv` has a header row and one row per postcode. Three
columns are read: `pcds` (the postcode, spaced), `laua` (its local authority's code) and `ward` (its
electoral ward's code); the ONS Postcode Directory's names for the same columns (`oslaua`, `osward`) are
read too. Postcodes that have been terminated (a date in `doterm`) and postcodes outside the city are
skipped; the rest are matched to wards by the wards' ONS codes.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from neighbourhoods import services

NOTTINGHAM = "E06000018"  # the ONS code of Nottingham's local authority (a unitary authority)
POSTCODE_COLUMNS = ("pcds", "pcd", "pcd2")
AUTHORITY_COLUMNS = ("laua", "oslaua")
WARD_COLUMNS = ("ward", "osward")
TERMINATED_COLUMN = "doterm"
CODES_SHOWN = 5


def _column(header: list[str], names: tuple[str, ...], what: str) -> int:
    lowered = [name.strip().lower() for name in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    raise CommandError(f"The file has no {what} column ({' or '.join(names)}): is it the NSPL's CSV?")


class Command(BaseCommand):
    help = (
        "Load the city's postcodes and their wards from the ONS National Statistics Postcode Lookup CSV. "
        "Replaces the postcodes loaded before; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The NSPL's CSV, such as Data/NSPL_MAY_2025_UK.csv")
        parser.add_argument(
            "--local-authority",
            default=NOTTINGHAM,
            help=f"The ONS code of the city's local authority (default {NOTTINGHAM}, Nottingham).",
        )

    def handle(self, *args, file: Path, local_authority: str, **options):
        ward_codes, read, terminated = self._read(file, local_authority)
        load = services.postcode_lookup_replace(ward_codes=ward_codes)
        line = (
            f"Read {read} postcodes: {len(ward_codes)} current ones in {local_authority}, "
            f"{terminated} terminated skipped; stored {load.stored} with their ward"
        )
        if load.unmatched:
            codes = ", ".join(load.unmatched_codes[:CODES_SHOWN])
            more = ", ..." if len(load.unmatched_codes) > CODES_SHOWN else ""
            line += f"; {load.unmatched} lie in wards no ward here has the code of ({codes}{more})"
        self.stdout.write(self.style.SUCCESS(line + "."))

    def _read(self, file: Path, local_authority: str) -> tuple[dict[str, str], int, int]:
        try:
            handle = file.open(encoding="utf-8-sig", newline="")
        except OSError as error:
            raise CommandError(f"Cannot open {file}: {error.strerror}.") from error
        with handle:
            rows = csv.reader(handle)
            header = next(rows, None)
            if header is None:
                raise CommandError(f"{file} is empty.")
            postcode = _column(header, POSTCODE_COLUMNS, "postcode")
            authority = _column(header, AUTHORITY_COLUMNS, "local authority")
            ward = _column(header, WARD_COLUMNS, "ward")
            lowered = [name.strip().lower() for name in header]
            ended = lowered.index(TERMINATED_COLUMN) if TERMINATED_COLUMN in lowered else None
            ward_codes: dict[str, str] = {}
            read = terminated = 0
            for row in rows:
                if len(row) < len(header):
                    continue
                read += 1
                if row[authority].strip() != local_authority:
                    continue
                if ended is not None and row[ended].strip():
                    terminated += 1
                    continue
                ward_codes[row[postcode].strip()] = row[ward].strip()
        return ward_codes, read, terminated
