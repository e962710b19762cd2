// The two workerd modules the tests use, declared to the extent they are used, so the tests type-check
// against the same Web-standard lib (DOM) as the rest of the workspace instead of the global Workers types.
declare module 'cloudflare:workers' {
  /** the Worker's bindings: wrangler.jsonc plus the test bindings of vitest.config.ts */
  export const env: Record<string, unknown>;
  /** the `main` module's entry points (`exports.default` is the Worker under test) */
  export const exports: Record<string, unknown>;
}

declare module 'cloudflare:test' {
  export interface SecretsStoreSecretAdmin {
    create(value: string): Promise<string>;
    update(value: string, id: string): Promise<string>;
    list(): Promise<{ name: string; metadata?: { uuid: string } }[]>;
  }
  export function adminSecretsStore(binding: { get(): Promise<string> }): SecretsStoreSecretAdmin;
}
