// End-to-end tests of `dyad serve` in headless Debian Chromium (playwright-core,
// never the `playwright` package, which downloads browsers).
//
// The test writes the demo store (crates/server/examples/demo_store.rs), starts
// `dyad serve` on a free loopback port with the bundled dictionaries, opens
// every page, drills from a dyad chart to a sentence in its article, changes an
// ACH rating and watches the leader change, pastes and uploads documents for
// ingest, and saves a screenshot of each step to tests/browser/screenshots/.
// Any console error, page error, failed request or HTTP error fails the test.
//
// Environment: DYAD_BIN (default ../../target/debug/dyad), DYAD_DEMO_STORE
// (default ../../target/debug/examples/demo_store), CHROMIUM (default
// /usr/bin/chromium). Run through scripts/browser-tests.sh.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const dyadBin = process.env.DYAD_BIN || join(root, "target", "debug", "dyad");
const demoStoreBin = process.env.DYAD_DEMO_STORE || join(root, "target", "debug", "examples", "demo_store");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const screenshots = join(here, "screenshots");

/** How long the server may take to start, and one test to run. */
const START_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

let workDir;
let server;
let serverLog = "";
let baseUrl;
let context;
/** Problems seen by the page listeners since the last check. */
let problems = [];

function startServer(db) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(dyadBin, ["serve", "--db", db, "--addr", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dyad serve did not start within ${START_TIMEOUT_MS} ms:\n${serverLog}`));
    }, START_TIMEOUT_MS);
    const onOutput = (chunk) => {
      serverLog += chunk.toString();
      const match = serverLog.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1] });
      }
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dyad serve exited with ${code} before listening:\n${serverLog}`));
    });
  });
}

async function waitForHealth(url) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}/api/health never answered`);
}

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), "dyad-browser-"));
  mkdirSync(screenshots, { recursive: true });
  const db = join(workDir, "demo.db");
  execFileSync(demoStoreBin, [db], { stdio: "inherit" });
  const started = await startServer(db);
  server = started.child;
  baseUrl = started.url;
  await waitForHealth(baseUrl);
  context = await chromium.launchPersistentContext(join(workDir, "profile"), {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill("SIGTERM");
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** A fresh page whose console errors, page errors, dialogs and failed requests are recorded. */
async function openPage() {
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", async (dialog) => {
    problems.push(`unexpected dialog (${dialog.type()}): ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("requestfailed", (request) => {
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return page;
}

function assertNoProblems() {
  const seen = problems;
  problems = [];
  assert.deepEqual(seen, [], `problems in the browser:\n${seen.join("\n")}`);
}

async function visit(page, path, shot) {
  const response = await page.goto(`${baseUrl}${path}`, { waitUntil: "load" });
  assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
  if (shot) await page.screenshot({ path: join(screenshots, `${shot}.png`), fullPage: true });
  return response;
}

test("every page opens without errors", { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPage();
  const pages = [
    ["/", "overview", "Overview"],
    ["/documents", "documents", "Documents"],
    ["/documents/demo-accents", "document", "demo-accents"],
    ["/dyad?a=PRK&b=RUS", "dyad", "Dyad explorer"],
    ["/network", "network", "Network"],
    ["/spikes", "spikes", "Spikes"],
    ["/ach", "ach-boards", "Competing hypotheses"],
    ["/ach/troops-to-ally", "ach-board", "Troops to an ally"],
    ["/ingest", "ingest", "Ingest"],
  ];
  for (const [path, shot, heading] of pages) {
    await visit(page, path, shot);
    const h1 = await page.locator("h1").first().textContent();
    assert.ok(h1.includes(heading), `${path}: heading ${JSON.stringify(h1)}`);
    // The page's script ran (it is served from the binary, with the CSP in force).
    assert.equal(await page.locator('meta[name="dyad-csrf"]').count(), 1);
  }
  // Charts are SVG drawn by the server.
  await visit(page, "/", null);
  assert.equal(await page.locator("#overview-chart svg polyline").count(), 4);
  await visit(page, "/network", null);
  assert.ok((await page.locator("#network-chart path.edge").count()) > 0);
  assert.ok((await page.locator("#network-chart g.node").count()) >= 5);
  await visit(page, "/spikes", null);
  assert.ok((await page.locator("#spike-list tbody tr").count()) > 0);
  await page.close();
  assertNoProblems();
});

test("article HTML and scripts render as text", { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPage();
  await visit(page, "/documents/demo-hostile-html", "hostile-document");
  const article = page.locator("#article");
  const text = await article.innerText();
  assert.ok(text.includes('<script>alert("pwned")</script>'), text);
  assert.ok(text.includes("<b>bold</b> & <img src=x onerror=alert(1)>"), text);
  assert.ok(text.includes("</article></main><script>alert(2)</script>"), text);
  assert.equal(await article.locator("script, img, b").count(), 0);
  // The highlighted event still works.
  await article.locator(".hl.src").first().click();
  assert.equal(await page.locator("details.event[open]").count(), 1);
  await page.close();
  assertNoProblems();
});

test("drill from a dyad chart to the sentence in its article", { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPage();
  await visit(page, "/dyad?a=PRK&b=UKR&by=day&from=2024-06-01", "dyad-before-drill");
  const bar = page.locator('#chart-a-to-b g.bar[data-period="2024-06-28"]');
  assert.equal(await bar.getAttribute("data-events"), "4");
  await Promise.all([page.waitForURL(/period=2024-06-28/), bar.locator("rect.hit").click()]);
  const rows = page.locator("#events li.event-row");
  assert.equal(await rows.count(), 4);
  const firstRow = rows.first();
  assert.ok((await firstRow.innerText()).includes("North Korean troops"));
  assert.ok((await firstRow.locator(".hl.src").count()) === 1, "the sentence shows its source");
  await page.screenshot({ path: join(screenshots, "dyad-drill.png"), fullPage: true });

  await Promise.all([page.waitForURL(/\/documents\/demo-2024-06-28-.*#event-\d+$/), firstRow.locator("a.sentence-link").click()]);
  const hash = new URL(page.url()).hash.slice(1);
  const details = page.locator(`details#${hash}`);
  assert.equal(await details.getAttribute("open"), "");
  assert.ok((await details.innerText()).includes("PRKMIL → UKRMIL"));
  const active = page.locator("#article .hl.active");
  assert.ok((await active.count()) >= 3, "source, verb and target of the event are highlighted");
  assert.ok((await page.locator("#article .hl.active.src").first().innerText()).includes("North Korean troops"));
  await page.screenshot({ path: join(screenshots, "document-event.png"), fullPage: true });

  // Clicking another highlight opens that event instead.
  const otherVerb = page.locator("#article .hl.verb:not(.active)").first();
  await otherVerb.click();
  assert.equal(await page.locator("details.event.active").count(), 1);
  await page.close();
  assertNoProblems();
});

test("changing an ACH rating changes the leader", { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPage();
  await visit(page, "/ach/troops-to-ally", null);
  const leader = page.locator("#leader");
  assert.equal(await leader.getAttribute("data-leader"), "transactional");
  assert.ok((await leader.innerText()).startsWith("Leader: Mercenary"));
  const linchpins = await page.locator("tr.evidence.linchpin").count();
  assert.ok(linchpins > 0);
  await page.screenshot({ path: join(screenshots, "ach-before.png"), fullPage: true });

  const cell = page.locator('select.rating[data-evidence="E04"][data-hypothesis="defensive"]');
  assert.equal(await cell.inputValue(), "I");
  const saved = page.waitForResponse((r) => r.url().endsWith("/api/boards/troops-to-ally/ratings") && r.status() === 200);
  await cell.selectOption("C");
  await saved;
  await page.waitForFunction(() => document.getElementById("leader").dataset.leader === "defensive");
  assert.ok((await leader.innerText()).startsWith("Leader: Defensive"));
  assert.ok((await page.locator("#rating-status").innerText()).startsWith("Saved"));
  // The scores row follows: defensive now ranks first.
  assert.equal(await page.locator('td.score[data-h="0"][data-field="rank"]').innerText(), "1");
  assert.equal(await page.locator('th.hypothesis[data-h="0"].leading').count(), 1);
  await page.screenshot({ path: join(screenshots, "ach-after.png"), fullPage: true });

  // Saved in the store: a reload shows the new rating and leader.
  await visit(page, "/ach/troops-to-ally", null);
  assert.equal(await page.locator("#leader").getAttribute("data-leader"), "defensive");
  assert.equal(await page.locator('select.rating[data-evidence="E04"][data-hypothesis="defensive"]').inputValue(), "C");

  // Importing a board file from the boards page opens it.
  const boardJson = await (await fetch(`${baseUrl}/api/boards/troops-to-ally`)).json();
  await visit(page, "/ach", null);
  await page.fill("#board-id", "imported-copy");
  await page.setInputFiles("#board-file", {
    name: "board.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(boardJson.board)),
  });
  await Promise.all([page.waitForURL(/\/ach\/imported-copy$/), page.click("#board-import button[type=submit]")]);
  assert.equal(await page.locator("#leader").getAttribute("data-leader"), "defensive");
  await page.close();
  assertNoProblems();
});

test("pasted and uploaded documents are coded and stored", { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPage();
  await visit(page, "/ingest", null);
  await page.fill("#paste-text", "North Korea has sent about 5,000 more troops to Russia, South Korea said on Monday.");
  await page.fill("#paste-id", "browser-paste");
  await page.fill("#paste-date", "2026-11-16");
  await page.click("#paste-form button[type=submit]");
  await page.waitForFunction(() => document.getElementById("ingest-status").textContent.startsWith("Stored"));
  assert.ok((await page.locator("#ingest-status").innerText()).includes("1 document"));
  await page.screenshot({ path: join(screenshots, "ingest-paste.png"), fullPage: true });
  await Promise.all([page.waitForURL(/\/documents\/browser-paste$/), page.locator("#ingest-result a").first().click()]);
  assert.ok((await page.locator("#article .hl.src").count()) > 0, "the coder found an event");
  assert.ok((await page.locator("#article").innerText()).includes("5,000 more troops"));

  await visit(page, "/ingest", null);
  const lines = [
    { id: "browser-upload-1", date: "2026-11-17", text: "Ukraine captured two North Korean soldiers." },
    { id: "browser-upload-2", date: "2026-11-17", text: "The United States imposed sanctions on North Korea." },
  ]
    .map((d) => JSON.stringify(d))
    .join("\n");
  await page.setInputFiles("#upload-file", { name: "docs.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(lines) });
  await page.click("#upload-form button[type=submit]");
  await page.waitForFunction(() => document.getElementById("ingest-status").textContent.startsWith("Stored"));
  assert.ok((await page.locator("#ingest-status").innerText()).includes("2 document"));
  assert.equal(await page.locator("#ingest-result li").count(), 2);
  await page.screenshot({ path: join(screenshots, "ingest-upload.png"), fullPage: true });

  // The new documents are listed, newest first.
  await visit(page, "/documents", null);
  assert.equal(await page.locator("#document-list tbody tr").first().locator("a").innerText(), "browser-upload-2");
  await page.close();
  assertNoProblems();
});

test("network edges and spikes lead to their events", { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPage();
  // An explicit range: the ingest test above stored documents of a later year.
  await visit(page, "/spikes?from=2024-06-01&to=2024-06-30", null);
  const spike = page.locator("#spike-list tbody tr", { hasText: "PRK – UKR" }).first();
  await Promise.all([page.waitForURL(/\/dyad\?a=PRK&b=UKR.*#events$/), spike.locator("a.spike-events").click()]);
  assert.ok((await page.locator("#events li.event-row").count()) > 0);
  await page.screenshot({ path: join(screenshots, "spike-events.png"), fullPage: true });

  await visit(page, "/network?from=2024-01-01&to=2024-06-30", null);
  const edge = page.locator('#network-chart path.edge[data-source="RUS"][data-target="UKR"]');
  // A curved edge's bounding-box centre is not on its stroke, so the click is dispatched on the path.
  await Promise.all([page.waitForURL(/\/dyad\?a=RUS&b=UKR$/), edge.dispatchEvent("click")]);
  assert.ok((await page.locator("#chart-a-to-b g.bar").count()) > 0);
  await page.close();
  assertNoProblems();
});
