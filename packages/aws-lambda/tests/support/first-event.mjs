// node first-event.mjs <bundle.mjs>: a fresh process that imports the built bundle (the Lambda init
// phase) and answers one event from $TOKENFN_EVENT, printing `RESULT <json>` as its last stdout line.
// Used by the bundle test and the cold-start benchmark. Plain JS: no loader in the measured path.
const { handler } = await import(new URL(process.argv[2], `file://${process.cwd()}/`).href);
const result = await handler(JSON.parse(process.env.TOKENFN_EVENT), {
  awsRequestId: process.env.TOKENFN_AWS_REQUEST_ID ?? 'first-event',
});
// Which of Node's lazily loaded web modules the import and the first event needed (bundle test).
if (process.env.TOKENFN_REPORT_MODULES) {
  process.stderr.write(`MODULES ${JSON.stringify(process.moduleLoadList)}\n`);
}
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
// The SDK's keep-alive socket would hold the process open; Lambda freezes it instead.
process.exit(0);
