// The back office's permission policy, decision by decision: who may edit a catalog, run a shop,
// manage tokens or administer the platform.
import { describe, expect, it } from 'vitest';
import { decide, PERMISSIONS, visibleEnterprises, type Actor, type EnterpriseRef } from '../../domain/permissions.ts';

const producerA: EnterpriseRef = { id: 1, isProducer: true, isHub: false };
const producerB: EnterpriseRef = { id: 2, isProducer: true, isHub: false };
const hub: EnterpriseRef = { id: 3, isProducer: false, isHub: true };
const producerShop: EnterpriseRef = { id: 4, isProducer: true, isHub: true };
const platform: EnterpriseRef = { id: 5, isProducer: false, isHub: false };

const user = (manages: number[], isPlatformAdmin = false): Actor => ({
  kind: 'user',
  userId: 9,
  email: 'x@example.org',
  name: '',
  isPlatformAdmin,
  manages,
});
const anonymous: Actor = { kind: 'anonymous' };

describe('decide', () => {
  it('asks an anonymous caller to sign in, whatever the permission', () => {
    for (const p of PERMISSIONS) expect(decide(anonymous, p, producerA)).toBe('unauthenticated');
  });

  it('lets a producer’s manager edit that catalog and see its sales, and nothing of another producer', () => {
    const a = user([1]);
    expect(decide(a, 'catalog.edit', producerA)).toBe('allow');
    expect(decide(a, 'sales.view', producerA)).toBe('allow');
    expect(decide(a, 'catalog.edit', producerB)).toBe('forbidden');
    expect(decide(a, 'shop.run', producerA)).toBe('forbidden');
  });

  it('lets a hub’s manager run that shop only, and not edit catalogs', () => {
    const h = user([3]);
    expect(decide(h, 'shop.run', hub)).toBe('allow');
    expect(decide(h, 'catalog.edit', hub)).toBe('forbidden');
    expect(decide(h, 'shop.run', producerShop)).toBe('forbidden');
  });

  it('gives a producer shop’s manager both sets of rights there', () => {
    const m = user([4]);
    expect(decide(m, 'shop.run', producerShop)).toBe('allow');
    expect(decide(m, 'catalog.edit', producerShop)).toBe('allow');
  });

  it('keeps the platform administrator to enterprises and relationships', () => {
    const admin = user([5], true);
    expect(decide(admin, 'platform.administer', null)).toBe('allow');
    expect(decide(admin, 'catalog.edit', producerA)).toBe('forbidden');
    expect(decide(admin, 'shop.run', hub)).toBe('forbidden');
    expect(decide(user([1]), 'platform.administer', null)).toBe('forbidden');
    expect(decide(admin, 'tokens.manage', platform)).toBe('allow');
  });

  it('lets an API token act for its enterprise only, and never mint tokens or administer', () => {
    const token: Actor = { kind: 'token', tokenId: 7, enterpriseId: 1 };
    expect(decide(token, 'catalog.edit', producerA)).toBe('allow');
    expect(decide(token, 'catalog.edit', producerB)).toBe('forbidden');
    expect(decide(token, 'tokens.manage', producerA)).toBe('forbidden');
    expect(decide(token, 'platform.administer', null)).toBe('forbidden');
  });

  it('refuses enterprise permissions without an enterprise', () => {
    expect(decide(user([1]), 'catalog.edit', null)).toBe('forbidden');
  });
});

describe('visibleEnterprises', () => {
  it('lists only the enterprises the actor manages', () => {
    expect(visibleEnterprises(user([1, 3]), [producerA, producerB, hub]).map((e) => e.id)).toEqual([1, 3]);
    expect(visibleEnterprises(anonymous, [producerA])).toEqual([]);
  });
});
