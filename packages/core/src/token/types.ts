/** An Agora project's App ID and App Certificate (each 32 hex characters). */
export interface AgoraCredentials {
  appId: string;
  appCertificate: string;
}

/** Reproducibility knobs for building: both default to now and a cryptographically random salt. */
export interface BuildOptions {
  /** Issue time, unix seconds (default: now). */
  issueTs?: number;
  /** Salt in [1, 4294967295] (default: crypto random in [1, 99999999]). */
  salt?: number;
}

/** Privilege id -> value (007: seconds after issue, 0 = as long as the token; 006: absolute unix time). */
export type PrivilegeMap = Record<number, number>;
