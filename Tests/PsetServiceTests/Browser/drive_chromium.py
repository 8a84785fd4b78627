#!/usr/bin/env python3
"""Drives headless Chromium through Pset's web pages over the DevTools protocol, on a pipe (no network port).

Usage: drive_chromium.py BASE_URL STUDENT_TOKEN TA_TOKEN PROBLEM_PATH SCREENSHOT_DIR

Signs in as the student by typing the token into the sign-in form and pressing the button, reads the student
page, signs out with the page's own button, signs in as the TA, reads the dashboard and one problem's page,
and saves a screenshot of each page. Prints one JSON object with what each page showed. Only the standard
library: Chromium's `--remote-debugging-pipe` speaks null-terminated JSON on file descriptors 3 and 4.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, executable, profile):
        commands_read, self.commands = os.pipe()
        self.replies, replies_write = os.pipe()

        def wire():
            # Copies first, so that neither dup2 overwrites the other pipe; dup2 leaves 3 and 4 inheritable.
            commands_copy, replies_copy = os.dup(commands_read), os.dup(replies_write)
            os.dup2(commands_copy, 3)
            os.dup2(replies_copy, 4)

        self.process = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--remote-debugging-pipe", "--user-data-dir=" + profile, "--window-size=1100,900",
             "--force-device-scale-factor=1", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(replies_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.replies, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for_load(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index, event in enumerate(self.events):
                if event.get("method") == "Page.loadEventFired":
                    del self.events[: index + 1]
                    return
            self.events.append(self.read())
        raise RuntimeError("the page did not finish loading")

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def act(self, expression):
        """Runs an action that loads a new page (a click on a submit button), and waits for that page."""
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.evaluate(expression)
        self.wait_for_load()

    def navigate(self, url):
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        self.send("Page.navigate", {"url": url})
        self.wait_for_load()

    def screenshot(self, path):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except RuntimeError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def sign_in(browser, token):
    browser.evaluate(f"document.getElementById('token').value = {json.dumps(token)}")
    browser.act("document.querySelector('form[action=\"/login\"] button').click()")


def page_facts(browser):
    return browser.evaluate("""({
        title: document.title,
        h1: document.querySelector('h1') ? document.querySelector('h1').textContent : null,
        cookieVisibleToScripts: document.cookie,
        tables: document.querySelectorAll('table').length,
        rows: document.querySelectorAll('tbody tr').length,
        charts: document.querySelectorAll('svg.chart').length,
        signOut: !!document.querySelector('form[action="/logout"] input[name="csrf"]'),
        text: document.body.innerText.slice(0, 4000)
    })""")


def main():
    base, student, ta, problem, shots = sys.argv[1:6]
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    os.makedirs(shots, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="pset-chromium-")
    browser = Browser(executable, profile)
    facts = {}
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        browser.session = browser.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        browser.send("Page.enable")
        browser.navigate(base + "/")
        facts["signIn"] = page_facts(browser)
        browser.screenshot(os.path.join(shots, "sign-in.png"))
        sign_in(browser, "pset_not-a-token")
        facts["wrongToken"] = page_facts(browser)
        sign_in(browser, student)
        facts["student"] = page_facts(browser)
        browser.screenshot(os.path.join(shots, "student.png"))
        browser.act("document.querySelector('form[action=\"/logout\"] button').click()")
        facts["signedOut"] = page_facts(browser)
        sign_in(browser, ta)
        facts["dashboard"] = page_facts(browser)
        browser.screenshot(os.path.join(shots, "dashboard.png"))
        browser.navigate(base + problem)
        facts["problem"] = page_facts(browser)
        browser.screenshot(os.path.join(shots, "problem.png"))
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
