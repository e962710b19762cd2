// The inspector page: reads the form, runs diagnoseToken from @tokenfn/core on every change and every
// second (expiry moves), and renders. Nothing here makes a request; the page's CSP forbids it anyway.
import { type Diagnosis, diagnoseToken } from '@tokenfn/core';
import { describeToken } from './describe.js';
import { renderContents, renderFindings, setStatus, tick } from './render.js';
import { EMPTY_FORM, type FormState, intentFrom, readFragment, shareFragment } from './state.js';

const FIELDS = Object.keys(EMPTY_FORM) as Array<keyof FormState>;

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

const form = byId<HTMLFormElement>('inspector');
const inputs = Object.fromEntries(FIELDS.map((f) => [f, byId<HTMLInputElement>(f)])) as Record<
  keyof FormState,
  HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
>;
const certificate = byId<HTMLInputElement>('certificate');
const tokenStatus = byId('token-status');
const uidError = byId('uid-error');
const findingsList = byId<HTMLOListElement>('findings');
const findingsSummary = byId('findings-summary');
const contents = byId('contents');
const signatureStatus = byId('signature-status');
const shareLink = byId<HTMLInputElement>('share-link');
const shareStatus = byId('share-status');

function readForm(): FormState {
  return Object.fromEntries(FIELDS.map((f) => [f, inputs[f].value])) as unknown as FormState;
}

function writeForm(values: Partial<FormState>): void {
  for (const f of FIELDS) inputs[f].value = values[f] ?? EMPTY_FORM[f];
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

// What is on screen, so that the once-a-second refresh touches the DOM only when something changed.
let shownContents = '';
let shownFindings = '';

function showFieldsFor(product: string): void {
  for (const field of form.querySelectorAll<HTMLElement>('[data-for]')) {
    field.hidden = !(field.dataset['for'] ?? '').split(' ').includes(product);
  }
}

function summary(d: Diagnosis, withIntent: boolean): [string, 'ok' | 'bad' | undefined] {
  const errors = d.findings.filter((f) => f.severity === 'error').length;
  if (!d.decoded) return ['', undefined];
  if (errors > 0) {
    const what = errors === 1 ? '1 problem' : `${errors} problems`;
    return [`${what}: Agora will refuse this token${withIntent ? ' for what your app does' : ''}.`, 'bad'];
  }
  return withIntent
    ? ['No problem found: the token allows what your app does.', 'ok']
    : ['No problem in the token itself. Say what your app does to check the token against it.', undefined];
}

const SIGNATURE_STATUS: Record<string, [string, 'ok' | 'bad' | undefined]> = {
  SIGNATURE_VALID: ['The signature matches this certificate.', 'ok'],
  SIGNATURE_MISMATCH: ['The signature does not match this certificate.', 'bad'],
  SIGNATURE_NOT_CHECKED: [
    'Not checked: a 006 token needs the channel and uid (fill them in above).',
    undefined,
  ],
  CERTIFICATE_INVALID: ['An App Certificate is 32 hexadecimal characters.', 'bad'],
};

function update(): void {
  const values = readForm();
  showFieldsFor(values.product);
  const { intent, errors } = intentFrom(values);
  setStatus(uidError, errors.find((e) => e.field === 'uid')?.message ?? '');
  const token = values.token.trim();
  const cert = certificate.value.trim();
  if (token === '') {
    setStatus(tokenStatus, '');
    setStatus(findingsSummary, '');
    setStatus(signatureStatus, '');
    if (shownContents !== '') contents.replaceChildren();
    findingsList.replaceChildren();
    shownContents = shownFindings = '';
    return;
  }
  const now = nowSeconds();
  const appId = values.appId.trim();
  const diagnosis = diagnoseToken(token, intent, {
    now,
    ...(appId !== '' ? { appId } : {}),
    ...(cert !== '' ? { appCertificate: cert } : {}),
  });
  const decoded = diagnosis.decoded;
  if (decoded) {
    setStatus(tokenStatus, `A ${decoded.version} token.`);
    if (shownContents !== token) {
      renderContents(contents, describeToken(decoded), now);
      shownContents = token;
    }
  } else {
    setStatus(tokenStatus, 'This is not a token the inspector can read (see the findings).', 'bad');
    contents.replaceChildren();
    shownContents = '';
  }
  tick(contents, now);
  const key = JSON.stringify(diagnosis.findings);
  if (key !== shownFindings) {
    renderFindings(findingsList, diagnosis.findings);
    shownFindings = key;
  }
  setStatus(findingsSummary, ...summary(diagnosis, intent !== undefined));
  const signature = diagnosis.findings.find((f) => SIGNATURE_STATUS[f.code]);
  if (cert === '') setStatus(signatureStatus, 'Type your App Certificate to check the signature.');
  else if (signature) setStatus(signatureStatus, ...SIGNATURE_STATUS[signature.code]!);
  else setStatus(signatureStatus, '');
}

async function share(): Promise<void> {
  const values = readForm();
  if (values.token.trim() === '') {
    setStatus(shareStatus, 'Paste a token first.');
    return;
  }
  const link = `${location.href.split('#')[0]}${shareFragment(values)}`;
  shareLink.value = link;
  try {
    await navigator.clipboard.writeText(link);
    setStatus(shareStatus, 'Link copied.', 'ok');
  } catch {
    shareLink.select();
    setStatus(shareStatus, 'Copy the link from the field.');
  }
}

function fromFragment(): void {
  if (location.hash.length > 1) writeForm(readFragment(location.hash));
  update();
}

form.addEventListener('input', update);
form.addEventListener('submit', (e) => e.preventDefault());
byId('share').addEventListener('click', () => void share());
window.addEventListener('hashchange', fromFragment);
// The certificate never outlives the page: not in the back-forward cache, not restored by the browser.
window.addEventListener('pagehide', () => {
  certificate.value = '';
});
setInterval(update, 1000);
fromFragment();
