// The page's form as plain data: what the app does (the intent diagnoseToken takes) and the share link.
// The certificate is deliberately no part of it: it is read from its field when the check runs and is
// never put in the link, in storage or anywhere else.
import { type DiagnosisIntent, MAX_UID, parseDecimalU32 } from '@tokenfn/core';

export type Product = '' | 'rtc' | 'rtm' | 'chat';
export type UidKind = 'uid' | 'account';
export type Role = '' | 'publisher' | 'subscriber';

export interface FormState {
  token: string;
  product: Product;
  channel: string;
  uidKind: UidKind;
  /** a numeric uid or a user account, as typed (uidKind says which) */
  uid: string;
  role: Role;
  /** the RTM or Chat user id */
  userId: string;
  /** the App ID the app uses (optional; an App ID is not a secret) */
  appId: string;
}

export const EMPTY_FORM: FormState = {
  token: '',
  product: '',
  channel: '',
  uidKind: 'uid',
  uid: '',
  role: '',
  userId: '',
  appId: '',
};

export interface FieldError {
  field: keyof FormState;
  message: string;
}

/** The intent the form describes, or the fields that stop it from being one. */
export function intentFrom(form: FormState): { intent?: DiagnosisIntent; errors: FieldError[] } {
  switch (form.product) {
    case 'rtc': {
      const intent: DiagnosisIntent = { product: 'rtc' };
      const errors: FieldError[] = [];
      if (form.channel !== '') intent.channel = form.channel;
      const who = form.uid.trim();
      if (who !== '' && form.uidKind === 'uid') {
        const uid = parseDecimalU32(who);
        if (uid === undefined) {
          errors.push({ field: 'uid', message: `a uid is a whole number from 0 to ${MAX_UID}` });
        } else intent.uid = uid;
      } else if (form.uidKind === 'account' && form.uid !== '') intent.account = form.uid;
      if (form.role !== '') intent.publish = form.role === 'publisher';
      return errors.length > 0 ? { errors } : { intent, errors };
    }
    case 'rtm':
    case 'chat':
      return {
        intent:
          form.userId === '' ? { product: form.product } : { product: form.product, userId: form.userId },
        errors: [],
      };
    default:
      return { errors: [] };
  }
}

const SHARED_FIELDS = ['token', 'product', 'channel', 'uidKind', 'uid', 'role', 'userId', 'appId'] as const;
const CHOICES: Partial<Record<keyof FormState, readonly string[]>> = {
  product: ['', 'rtc', 'rtm', 'chat'],
  uidKind: ['uid', 'account'],
  role: ['', 'publisher', 'subscriber'],
};

/**
 * The share link's fragment (`#token=…&product=…`): the token and the intent, never the certificate.
 * Browsers do not send a fragment to the server, nor in a Referer header.
 */
export function shareFragment(form: FormState): string {
  const params = new URLSearchParams();
  for (const field of SHARED_FIELDS) {
    const value = field === 'token' ? form.token.trim() : form[field];
    if (value !== EMPTY_FORM[field]) params.set(field, value);
  }
  return `#${params.toString()}`;
}

/** The form a share link's fragment describes; unknown keys and values are ignored. */
export function readFragment(hash: string): Partial<FormState> {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const form: Record<string, string> = {};
  for (const field of SHARED_FIELDS) {
    const value = params.get(field);
    if (value === null) continue;
    const choices = CHOICES[field];
    if (choices && !choices.includes(value)) continue;
    form[field] = value;
  }
  return form as Partial<FormState>;
}
