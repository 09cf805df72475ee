"""desktop/ui/tasks.py: background work answered on the GUI thread, in order, errors included."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject

from desktop.ui.tasks import TaskQueue, to_main

pytestmark = pytest.mark.ui


def test_tasks_run_off_the_gui_thread_in_order_and_answer_on_it(qtbot, qapp):
    queue = TaskQueue("test-tasks")
    ran, answers = [], []
    for i in range(5):
        queue.run_task(
            lambda i=i: ran.append((i, threading.current_thread() is threading.main_thread())) or i * i,
            lambda result, error: answers.append((result, error, threading.current_thread().name)),
        )
    qtbot.waitUntil(lambda: len(answers) == 5, timeout=5000)
    assert ran == [(i, False) for i in range(5)]
    assert [a[0] for a in answers] == [0, 1, 4, 9, 16] and all(a[1] is None for a in answers)
    assert all(a[2] == threading.main_thread().name for a in answers)
    assert queue.wait(1000)


def test_an_error_is_answered_not_lost(qtbot, qapp):
    queue = TaskQueue("test-errors")
    answers = []

    def boom():
        raise KeyError("x")

    queue.run_task(boom, lambda result, error: answers.append((result, type(error))))
    qtbot.waitUntil(lambda: answers == [(None, KeyError)], timeout=5000)
    queue.run_task(boom)  # without a callback: logged, and the queue goes on
    queue.run_task(lambda: 7, lambda result, error: answers.append((result, error)))
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=5000)
    assert answers[1] == (7, None)


def test_to_main_is_queued_and_skips_a_deleted_receiver(qtbot, qapp):
    calls = []
    to_main(calls.append, 1)
    assert calls == []  # later, even on the GUI thread
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    gone = QObject()
    to_main(calls.append, 2, receiver=gone)
    shiboken6.delete(gone)  # the window closed and deleted before the answer came
    worker = threading.Thread(target=lambda: to_main(calls.append, 3))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: 3 in calls, timeout=2000)
    assert calls == [1, 3]


def test_wait_lets_the_running_task_finish(qtbot, qapp):
    queue = TaskQueue("test-wait")
    release, done = threading.Event(), []
    queue.run_task(lambda: (release.wait(5), done.append(1)))
    assert not queue.wait(50) and queue.busy
    release.set()
    assert queue.wait(5000) and done == [1]
