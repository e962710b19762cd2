// The Agora products a deployment issues tokens for: what policy grants (JWT_PRODUCTS_CLAIM, API_KEY_SCOPES,
// DEFAULT_PRODUCTS) and what each token route is gated by.

export const PRODUCTS = ['rtc', 'rtm', 'rtm2', 'chat', 'convoai', 'stt', 'apaas', 'fpa'] as const;

export type Product = (typeof PRODUCTS)[number];

/** What an identity with no product grant of its own may ask for: the end-user products. */
export const DEFAULT_PRODUCTS: readonly Product[] = ['rtc', 'rtm', 'chat'];

export function isProduct(v: unknown): v is Product {
  return typeof v === 'string' && (PRODUCTS as readonly string[]).includes(v);
}
