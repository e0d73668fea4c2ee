import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintError, normaliseMessage } from './fingerprint';
import { seededRandom } from './test-records';
import type { DlqError } from './types';

const NO_ERROR: DlqError = {
  class: null,
  message: null,
  causeClass: null,
  cause: null,
  stackTrace: null,
  stage: null,
  executingClass: null,
  connector: null,
  task: null,
  keyError: null,
};

describe('normaliseMessage', () => {
  it.each([
    ['Order 12345 not found', 'Order <n> not found'],
    ['Order o-17 not found', 'Order o-<id> not found'],
    ["Customer 'alice@example.com' is blocked", "Customer '<str>' is blocked"],
    ['Unrecognized field "foo" (class com.acme.Order)', 'Unrecognized field "<str>" (class com.acme.Order)'],
    ["Can't find order 'abc'. Don't retry", "Can't find order '<str>'. Don't retry"],
    ['Email bob.smith+tag@acme.co.uk is invalid', 'Email <email> is invalid'],
    ['GET http://inventory/api/items?id=7&trace=x failed', 'GET http://inventory/api/items?<query> failed'],
    ['Request 550e8400-e29b-41d4-a716-446655440000 failed', 'Request <uuid> failed'],
    ['failed at 2024-05-01T10:00:00.123Z, retry at 2024-05-01 10:05', 'failed at <ts>, retry at <ts>'],
    ['deadline 10:00:00 passed', 'deadline <time> passed'],
    ['Connection refused: 10.0.3.7:8080', 'Connection refused: <ip>'],
    ['connect to fe80::1ff:fe23:4567:890a failed', 'connect to <ip> failed'],
    ['hash a3f9b2c1d4e5f6a7 mismatch for ord_8f3kd92', 'hash <id> mismatch for ord_<id>'],
    ['value 0x1F3A out of range; epoch 1700000000000', 'value <id> out of range; epoch <n>'],
    ['ids [1, 2, 3, 4] missing', 'ids [<n>] missing'],
    ['first line 1\nsecond line with payload {"a":1}', 'first line <n>'],
    ['  spaced\t\tout  ', 'spaced out'],
  ])('%s', (message, expected) => {
    expect(normaliseMessage(message)).toBe(expected);
  });

  it('bounds the work on hostile messages', () => {
    for (const hostile of [
      'a'.repeat(1_000_000),
      '@'.repeat(100_000),
      "'".repeat(100_000),
      '"\\'.repeat(100_000),
      'a.'.repeat(100_000) + '://',
      '1:'.repeat(100_000),
      `${'x'.repeat(64)}@`.repeat(10_000),
    ]) {
      expect(normaliseMessage(hostile).length).toBeLessThanOrEqual(1000);
    }
  });
});

describe('fingerprint', () => {
  it('collapses 10,000 failures with 3 causes and varying ids into exactly 3 groups', () => {
    const random = seededRandom(42);
    const int = (max: number) => Math.floor(random() * max);
    const causes = [
      () =>
        [
          'com.acme.OrderNotFoundException',
          `Order ${int(1e9)} not found for customer c-${int(1e6)}`,
        ] as const,
      () =>
        [
          'org.apache.kafka.common.errors.SerializationException',
          `Error deserializing key/value for partition orders-${int(12)} at offset ${int(1e12)}. If needed, please seek past the record to continue consumption.`,
        ] as const,
      () =>
        [
          'java.net.SocketTimeoutException',
          `Timeout after ${int(30_000)} ms calling http://10.0.${int(256)}.${int(256)}:8080/api/items/${randomUUID()}?trace=${int(1e9).toString(16)} for user${int(1e6)}@example.com at 2024-05-0${1 + int(9)}T1${int(10)}:00:00Z (request '${randomUUID()}')`,
        ] as const,
    ];
    const groups = new Map<string, number>();
    for (let i = 0; i < 10_000; i += 1) {
      const [cls, message] = causes[i % 3]!();
      const { id } = fingerprint(cls, message);
      groups.set(id, (groups.get(id) ?? 0) + 1);
    }
    expect([...groups.values()].sort()).toEqual([3333, 3333, 3334]);
  });

  it('keeps distinct problems apart', () => {
    const ids = [
      fingerprint('com.acme.OrderNotFoundException', 'Order 1 not found'),
      fingerprint('com.acme.CustomerNotFoundException', 'Order 1 not found'),
      fingerprint('com.acme.OrderNotFoundException', 'Order 1 not shipped'),
      fingerprint('com.acme.OrderNotFoundException', 'Invoice 1 not found'),
      fingerprint('com.acme.OrderNotFoundException', null),
      fingerprint('com.acme.OrderNotFoundException', 'Order 1 not found', 'java.sql.SQLException'),
      fingerprint('com.acme.OrderNotFoundException', 'Order 1 not found', 'java.net.ConnectException'),
      fingerprint(null, 'Order 1 not found'),
      fingerprint('a.b.X', 'c'),
      fingerprint('a.b', 'X: c'),
    ].map((group) => group.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('treats a prefixed id the same whether its random part has letters or only digits', () => {
    const a = fingerprint('PaymentDeclinedException', 'Payment pay_8tar7ueft declined by issuer (code 05)');
    const b = fingerprint('PaymentDeclinedException', 'Payment pay_10001ef1 declined by issuer (code 17)');
    const c = fingerprint('PaymentDeclinedException', 'Payment pay_100012 declined by issuer (code 17)');
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(a.title).toBe('PaymentDeclinedException: Payment pay_<id> declined by issuer (code <n>)');
  });

  it('gives stable short ids and readable titles', () => {
    const group = fingerprint('com.acme.OrderNotFoundException', 'Order 17 not found');
    expect(group).toEqual(fingerprint('com.acme.OrderNotFoundException', 'Order 99 not found'));
    expect(group.id).toMatch(/^[0-9a-f]{16}$/);
    expect(group.title).toBe('OrderNotFoundException: Order <n> not found');
    expect(fingerprint('java.lang.NullPointerException', null).title).toBe(
      'NullPointerException (no message)',
    );
    expect(fingerprint('java.lang.NullPointerException', '  ').title).toBe(
      'NullPointerException (no message)',
    );
    expect(fingerprint('E', 'x'.repeat(500)).title).toHaveLength(200);
  });
});

describe('fingerprintError', () => {
  it('groups a framework wrapper by its cause', () => {
    const wrapped = (cause: string): DlqError => ({
      ...NO_ERROR,
      class: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      message: "Listener method 'void com.acme.L.on(String)' threw exception",
      causeClass: 'java.lang.IllegalStateException',
      cause,
    });
    const a = fingerprintError(wrapped('Order 1 is closed'), 'spring-kafka');
    expect(a).toEqual(fingerprintError(wrapped('Order 2 is closed'), 'spring-kafka'));
    expect(a.id).not.toBe(fingerprintError(wrapped('Order 1 is unpaid'), 'spring-kafka').id);
    expect(a.title).toBe('IllegalStateException: Order <n> is closed');
  });

  it('groups records without a message by class, and without any error by format', () => {
    const npe = fingerprintError({ ...NO_ERROR, class: 'java.lang.NullPointerException' }, 'spring-kafka');
    expect(npe.title).toBe('NullPointerException (no message)');
    const karafka = fingerprintError(NO_ERROR, 'karafka');
    expect(karafka.title).toBe('No error information (karafka)');
    expect(fingerprintError(NO_ERROR, 'karafka')).toEqual(karafka);
    expect(fingerprintError(NO_ERROR, 'unknown').id).not.toBe(karafka.id);
  });

  it('falls back to the key error and keeps it apart from the same value error', () => {
    const keyError = { class: 'DeserializationException', message: 'bad key 1', stackTrace: null };
    const key = fingerprintError({ ...NO_ERROR, keyError }, 'spring-kafka');
    expect(key.title).toBe('Key: DeserializationException: bad key <n>');
    const value = fingerprintError(
      { ...NO_ERROR, class: 'DeserializationException', message: 'bad key 1' },
      'spring-kafka',
    );
    expect(key.id).not.toBe(value.id);
  });
});
