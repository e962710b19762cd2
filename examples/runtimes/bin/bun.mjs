#!/usr/bin/env node
// `bun` for this workspace's scripts: the registry binary that runtimeBinary() finds, with the same
// arguments, standard streams and exit status.
import { exec } from './exec.mjs';

exec('bun');
