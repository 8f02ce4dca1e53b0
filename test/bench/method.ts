/** The fixed part of docs/benchmarks.md: how the bench measures and how each column is derived. */
export const METHOD = `## How it is measured

- **Real code, emulated platform.** Every scenario runs the app's own handlers (\`scheduled-sync\`,
  \`sync-batch-worker\`, \`on-issue-updated\`, \`on-comment-created\`, \`on-attachment-created\`,
  \`event-follow-up\`, \`panel-resolver\`) in the Forge emulator (\`sandbox/stack.ts\`, unmodified \`@forge/*\` SDKs) against
  the Zendesk and Jira simulators over loopback HTTP.
- **Setup is not measured.** Zendesk tickets come from the simulator's seed generator; Jira
  issues are created through the Jira simulator's control API; connection, item and links are
  stored through the app's storage layer (\`src/storage/*\`); then the real sync runs until it is
  caught up (warm-up), all with no latency and no rate limits.
- **Counting.** Zendesk and Jira calls are the simulators' request logs (every answered request,
  429s and attachment downloads included); KVS operations are the emulator's counters (one per
  KVS request; a batch of up to 25 keys counts once). Jira points come from a loopback proxy
  between every Jira client and the simulator (\`test/bench/jiraPoints.ts\`) that forwards each
  request unchanged and counts the objects in each answer. All are reset before each phase.
- **Time.** A scheduled run happens every five simulated minutes; queue delays and Zendesk
  rate-limit windows pass by moving the emulator and Zendesk clocks forward, never by sleeping.
  The app's and the Jira simulator's clocks are real time: the burst waits 2.1 real seconds after
  the world's last sync, which a burst minutes after the last run would have behind it anyway.
- **Shared world.** After the main burst's naive baseline wrote to the tickets, one unmetered
  scheduled run lets the app see those writes before the next plan's burst, as its next run
  would in production.
- **Backlog time scale.** The backlog runs at time scale 1/S: the manifest's function timeouts
  are divided by S, the simulated latency is divided by S, and the clocks run S times faster than
  real time. The app's own CPU time is not scaled, so its budget shares are upper bounds.
- **Per change** divides by the synced changes (steady, backlog: changed tickets; burst: Jira
  events; panel: resolver calls).

## How the columns are derived

Every minimum is derived from what actually changed (before/after snapshots of every linked
ticket), not from what the generator meant to change. The derivations are also in the comments of
\`test/bench/minimum.ts\`, \`naive.ts\`, \`incremental.ts\` and \`jiraPoints.ts\`.

**Design minimum** — the floor of today's design: a connector that remembers everything it has
seen and written, learns about Zendesk only through the cursor-based ticket export and the
ticket event export, and about Jira only through its events and bulk reads.
- Zendesk → Jira: Zendesk ⌈changed / 1000⌉ export pages (at least 1); when tickets changed, ⌈updates
  / 1000⌉ pages of the ticket event export with the \`comment_events\` side-load (the export does not
  say whether a comment was added; the events carry every update's comments and files); 1
  download per new file ≤ 10 MB. Jira 1 edit per ticket whose mapped fields changed; per
  status-category change 1 transition, after ⌈changes / 100⌉ bulk reads of the issues' status with
  the transitions offered (\`POST /issue/bulkfetch\`, \`expand=transitions\`); 1 per new comment, 1
  upload per file, 1 note per ticket with files. KVS 2 per run + 1 cursor write + 3 per changed
  ticket (index; link + state in one batch get; state write).
- Jira → Zendesk (burst), per event: 1 ticket update (2 Zendesk calls and 1 Jira download for a
  file); KVS 4. The run after the burst: 1 export page, 2 KVS reads per echoed ticket.
- Panel: open Jira 1, KVS 2; search Zendesk 1, Jira 1, KVS 2; link Zendesk 1, Jira 2 (the caller's
  rights; the issue's current key as Jira has it), KVS 3.

**Tight minimum** — the floor of any design, with the cheapest documented tools:
- Zendesk: the incremental ticket event export alone (its events carry the field changes too, so
  no ticket export), with the \`comment_events\` side-load
  (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-event-export,
  https://developer.zendesk.com/documentation/ticketing/using-the-zendesk-api/side_loading/)
  returns each update's field changes and new comments with their attachments, 1000 events a
  page: ⌈updates / 1000⌉ pages (at least 1) + 1 download per new file; no comment listings.
- KVS batched (25 keys a request,
  https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities): per run
  2 reads + 1 cursor write + ⌈n/25⌉ index gets + ⌈2n/25⌉ link + state gets + ⌈n/25⌉ state writes.
- Jira as in the design minimum. Jira events arrive one invocation each, so the burst's tight
  minimum is its design minimum.

**Jira points** — Jira Cloud's points-based limit charges each request 1 point plus 1 per object
a read returns; writes cost 1 (https://developer.atlassian.com/cloud/jira/platform/rate-limiting).
Objects are counted in each answer: a list's elements, an issue plus its embedded comments and
attachments and the transitions it was expanded with (a bulk read counts each of its issues so),
a permission map's permissions, 1 for any other object or file; reads sent as POST (bulk fetch,
JQL search) are charged as reads. The minimum's points: 1 per write, and for its reads (the bulk
status reads, file content) 1 + the objects they return (each issue and the transitions the
simulated workflow offers it before the run).

**Naive poller** (\`test/bench/naive.ts\`, measured) — what a user writes without a change feed:
every five minutes list all linked tickets (\`show_many\`, 100 a request), read every linked
ticket's comments (a ticket record does not say whether one was added), compare with memory and
write only the differences to its own copies of the Jira issues (one edit for all fields,
transitions, comments, files and the note, as the app writes them). Memory billed as Forge KVS
(one query page per 20 links, one batch get per 25, one batch set per 25 changed); 8 requests
at a time; 429s waited out and counted. A second variant, **naive (updated_at)**, reads comments
only of tickets whose \`updated_at\` moved; it is shown beside the naive poller, since trusting
\`updated_at\` is a change feed built from the listing.

**Incremental poller** (\`test/bench/incremental.ts\`, measured) — the simple connector a user
writes with the change feed: read the cursor-based ticket export from where it stopped, then
for each exported ticket it has a link for, read its comments, compare with memory and write the
differences (same writes as the naive poller). It has the app's feed without the app's design,
so "÷ incremental" is what the design buys beyond the feed.

**Growth rows** — the steady run with links ×4, comments per ticket ×10 or changed tickets ×4;
their cost per change is compared with the steady row's. The comments ×10 world links twice as
many tickets as change (the warm-up copies every existing comment, and the links row already
shows whether idle links cost anything). **Plan rows** (\`@200\`, \`@400\`) repeat the burst, and
the backlog with a quarter of its changes, under the Zendesk account limit of that plan; the
"plan" targets look at every row run under that plan (steady, idle and growth rows run under the
main plan).

## Limits of this benchmark

- Everything (app, emulator, both simulators, the baselines) shares one Node process, so wall
  times include the simulators' own CPU time, and a loaded machine (see the load average above)
  makes every run slower and every budget share larger.
- **One heap for all.** That process also holds both simulators' worlds (2–3 GB of heap at the
  100k backlog), and a major garbage collection of it stopped whichever invocation it fell in
  for 1–3 s. \`npm run bench\` therefore runs Node with \`--expose-gc --max-semi-space-size=64\`
  and collects garbage before each scheduled run (\`test/bench/driver.ts\`); collections
  during an invocation, the app's own included, still count in its time.
- **Load bends the time figures both ways.** The backlog's clocks run S times faster than real
  time and the app's CPU time is not scaled, so on a loaded machine the backlog takes more
  simulated minutes and larger budget shares (pessimistic) but sends fewer requests per
  simulated minute, so its Zendesk peak per minute is lower (optimistic); the burst's peak is
  per real minute and is lowered by load the same way. Call counts, ratios and Jira points do
  not depend on load. Compare peaks and drain times only between runs at similar load.
- The emulator delivers queue and product events one at a time; Forge may run them in parallel.
- Status changes in the generated work only move forward (new → open, open/pending/hold →
  solved; To Do → In Progress → Done).
- The plan rows of the backlog run in the same world one after the other (the main plan first),
  each with its own fresh changes; the baselines run only in the main plan's rows.
- Comments per ticket: the default world has 3, so the comments ×10 row has 30, within one page
  of Zendesk's comment listing (100 a page). Past 100 comments a connector that lists a ticket's
  comments may need a second page, which neither minimum counts (run \`--comments 15\` to see it:
  the comments ×10 row then has 150).
- Jira's burst limit is off unless \`--jira-rate\` is given; Zendesk's account and export limits
  are always on in measured phases. The tight minimum is computed, not measured: no connector in
  the bench reads the ticket event export alone.
`;
