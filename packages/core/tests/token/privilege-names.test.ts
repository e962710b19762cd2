import { describe, expect, it } from 'vitest';
import {
  ApaasPrivilege,
  ChatPrivilege,
  FcdnPrivilege,
  FpaPrivilege,
  privilegeName006,
  privilegeName007,
  RtcPrivilege,
  Rtm2Privilege,
  RtmPrivilege,
  ServiceType,
  StreamingPrivilege,
} from '../../src/index.js';

describe('privilege names', () => {
  it('names every privilege of every service the library defines, and no two of one service alike', () => {
    const byService: Array<[number, Record<string, number>]> = [
      [ServiceType.Rtc, RtcPrivilege],
      [ServiceType.Rtm, RtmPrivilege],
      [ServiceType.Streaming, StreamingPrivilege],
      [ServiceType.Fpa, FpaPrivilege],
      [ServiceType.Chat, ChatPrivilege],
      [ServiceType.Fcdn, FcdnPrivilege],
      [ServiceType.Apaas, ApaasPrivilege],
      [ServiceType.Rtm2, Rtm2Privilege],
    ];
    for (const [type, privileges] of byService) {
      const names = Object.values(privileges).map((id) => privilegeName007(type, id));
      for (const name of names) expect(name, `service ${type}`).not.toMatch(/^privilege \d/);
      expect(new Set(names).size).toBe(names.length);
    }
    expect(privilegeName007(ServiceType.Rtc, RtcPrivilege.PublishVideoStream)).toBe('publish video');
  });

  it('names the 006 privileges, and says which id an unknown one has', () => {
    expect([1, 2, 3, 4, 1000].map(privilegeName006)).toEqual([
      'join channel',
      'publish audio',
      'publish video',
      'publish data',
      'rtm login',
    ]);
    expect(privilegeName006(7)).toBe('privilege 7');
    expect(privilegeName007(ServiceType.Rtc, 9)).toBe('privilege 9');
    expect(privilegeName007(99, 1)).toBe('privilege 1');
  });
});
