"""Keep a store in step with a folder: new, changed and deleted files, applied as they come.

Polling, not file-system events: it needs no extra dependency, works on network folders, and
a poll of a few thousand files costs milliseconds next to an update. A file is taken once
its size and modification time held still for one poll, so a file being written is not read
half-way. Each update is one :func:`~incidentkg.build.api.build_store` call (new and changed
files added, the articles of deleted files, and those a changed file no longer holds,
removed), with the pipeline kept warm in this process. The store is replaced atomically by
each update, as by any build.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from incidentkg.build.api import BuildReport, build_store
from incidentkg.build.executors import ExecutorOptions
from incidentkg.build.incremental import BuildOptions
from incidentkg.build.sources import articles_from_paths
from incidentkg.ingest.readers import discover
from incidentkg.records import ArticleRecords, ResolvedEvent

Stamp = tuple[int, int]  # modification time (ns), size


@dataclass(frozen=True)
class Update:
    """What one update did, for the line the ``watch`` command prints."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    deleted: tuple[str, ...]
    articles: int  # articles extracted (new or changed)
    events_added: int
    events_changed: int
    events_removed: int
    seconds: float
    report: BuildReport


class FolderWatch:
    """The state of one watched folder against one store; :meth:`poll` applies changes."""

    def __init__(self, folder: Path, store: Path, options: BuildOptions | None = None) -> None:
        self.folder = folder
        self.store = store
        base = options or BuildOptions()
        self.options = dataclasses.replace(base, executor=ExecutorOptions(jobs=1), prewarm=False)
        self.applied: dict[Path, Stamp] = {}  # files as the store holds them
        self.pending: dict[Path, Stamp] = {}  # files seen changing at the last poll
        self.ids: dict[str, set[str]] = {}  # source path -> article ids in the store
        self.events: dict[str, ResolvedEvent] = {}

    def scan(self) -> dict[Path, Stamp]:
        """Supported files under the folder with their stamps (vanished ones left out)."""
        found: dict[Path, Stamp] = {}
        for path in discover([self.folder]):
            try:
                st = path.stat()
            except OSError:
                continue
            found[path] = (st.st_mtime_ns, st.st_size)
        return found

    def start(self) -> BuildReport:
        """Bring the store up to date with the folder as it is now: its files are added,
        and the articles of files that left the folder since the store was built removed."""
        from incidentkg.resolve import resolve

        now = self.scan()
        report = build_store(self.store, sorted(now), self.options)
        self.ids = _ids_by_path(report.records)
        stale = sorted(i for p, ids in self.ids.items()
                       if _inside(p, self.folder) and Path(p) not in now for i in ids)  # fmt: skip
        if stale:
            report = build_store(self.store, (), self.options, remove=stale)
        self._remember(report)
        if report.resolution is None:  # up to date: the events as they stand, to compare with
            self.events = {e.id: e for e in resolve(report.records).events}
        self.applied = now
        return report

    def poll(self) -> Update | None:
        """Apply the files that changed and then held still; ``None`` when nothing did."""
        now = self.scan()
        fresh = {p: s for p, s in now.items() if self.applied.get(p) != s}
        ready = {p: s for p, s in fresh.items() if self.pending.get(p) == s}
        self.pending = fresh
        deleted = [p for p in self.applied if p not in now]
        if not ready and not deleted:
            return None
        t0 = time.perf_counter()
        remove = {i for p in deleted for i in self.ids.get(str(p), ())}
        for path in ready:
            if path in self.applied:  # articles the file no longer holds
                remove |= self.ids.get(str(path), set()) - _article_ids([path], self.options)
        report = build_store(self.store, sorted(ready), self.options, remove=sorted(remove))
        added = {p: s for p, s in ready.items() if p not in self.applied}
        changed = {p: s for p, s in ready.items() if p in self.applied}
        for path in deleted:
            del self.applied[path]
        self.applied.update(ready)
        return self._update(report, added, changed, deleted, t0)

    def _update(
        self,
        report: BuildReport,
        added: Iterable[Path],
        changed: Iterable[Path],
        deleted: Iterable[Path],
        seconds: float,
    ) -> Update:
        before = self.events
        self._remember(report)
        added_ev, changed_ev, removed_ev = event_changes(before, self.events)
        plan = report.result.plan
        return Update(
            added=tuple(sorted(map(str, added))),
            changed=tuple(sorted(map(str, changed))),
            deleted=tuple(sorted(map(str, deleted))),
            articles=len(plan.new) + len(plan.changed),
            events_added=added_ev,
            events_changed=changed_ev,
            events_removed=removed_ev,
            seconds=time.perf_counter() - seconds,
            report=report,
        )

    def _remember(self, report: BuildReport) -> None:
        """Article ids by source file and the events, as the store now holds them."""
        if report.resolution is not None:
            self.events = {e.id: e for e in report.resolution.events}
        self.ids = _ids_by_path(report.records)


def event_changes(
    before: dict[str, ResolvedEvent], after: dict[str, ResolvedEvent]
) -> tuple[int, int, int]:
    """Events (added, changed, removed). An event whose IRI changed because reports joined
    or left it (it shares a report with an event that went) counts as changed."""
    gone, new = before.keys() - after.keys(), after.keys() - before.keys()
    gone_refs = {m for i in gone for m in before[i].members}
    new_refs = {m for i in new for m in after[i].members}
    renamed = {i for i in new if gone_refs.intersection(after[i].members)}
    same = sum(1 for i in after.keys() & before.keys() if after[i] != before[i])
    removed = {i for i in gone if not new_refs.intersection(before[i].members)}
    return len(new - renamed), same + len(renamed), len(removed)


def _ids_by_path(records: Iterable[ArticleRecords]) -> dict[str, set[str]]:
    by_path: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        by_path[rec.article.source_path].add(rec.article.id)
    return dict(by_path)


def _article_ids(paths: list[Path], options: BuildOptions) -> set[str]:
    return {a.id for a in articles_from_paths(paths, options.published)}


def _inside(path: str, folder: Path) -> bool:
    root = os.path.abspath(folder)
    return os.path.commonpath([os.path.abspath(path), root]) == root
