import type { Prng } from './prng';

export type Domain =
  | 'orders'
  | 'payments'
  | 'shipments'
  | 'inventory'
  | 'customers'
  | 'users'
  | 'notifications'
  | 'invoices'
  | 'clickstream';

/** A business event as the failing consumer received it, plus the ids failure messages refer to. */
export interface BusinessEvent {
  domain: Domain;
  type: string;
  key: string | null;
  body: Record<string, unknown>;
  ids: Record<string, string>;
}

export interface SizedEvent extends BusinessEvent {
  /** `body` as JSON. */
  json: string;
}

const FIRST_NAMES = ['Ana', 'Jonas', 'Mei', 'Oliver', 'Priya', 'Lucas', 'Fatima', 'Noah', 'Sofia', 'Kenji'];
const LAST_NAMES = ['Silva', 'Schmidt', 'Chen', 'Brown', 'Patel', 'Martin', 'Haddad', 'Kowalski', 'Rossi'];
const CITIES = [
  { city: 'Berlin', country: 'DE', postalCode: '10115', currency: 'EUR' },
  { city: 'Lisbon', country: 'PT', postalCode: '1100-148', currency: 'EUR' },
  { city: 'Austin', country: 'US', postalCode: '78701', currency: 'USD' },
  { city: 'Leeds', country: 'GB', postalCode: 'LS1 4AP', currency: 'GBP' },
  { city: 'Osaka', country: 'JP', postalCode: '530-0001', currency: 'JPY' },
  { city: 'Lyon', country: 'FR', postalCode: '69002', currency: 'EUR' },
];
const PRODUCTS = [
  'Trail running shoes',
  'Espresso grinder',
  'Wool beanie',
  'USB-C dock',
  'Cast iron skillet',
  'Noise-cancelling headphones',
  'Yoga mat',
  'Mechanical keyboard',
  'Rain jacket',
  'Ceramic teapot',
];
const CARRIERS = ['DHL', 'UPS', 'DPD', 'FedEx', 'GLS', 'Royal Mail'];
const WAREHOUSES = ['WH-BER-1', 'WH-LIS-2', 'WH-AUS-1', 'WH-LDS-3'];
const PAGES = ['/', '/search', '/product/{id}', '/cart', '/checkout', '/account/orders'];
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
];

function iso(timestamp: number): string {
  return new Date(timestamp).toISOString();
}

function money(prng: Prng, min: number, max: number): number {
  return Math.round((min + prng.next() * (max - min)) * 100) / 100;
}

function uuid(prng: Prng): string {
  const hex = prng.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function person(prng: Prng) {
  const first = prng.pick(FIRST_NAMES);
  const last = prng.pick(LAST_NAMES);
  return { name: `${first} ${last}`, email: `${first}.${last}${prng.int(1, 99)}@example.com`.toLowerCase() };
}

function lineItem(prng: Prng) {
  return {
    sku: `SKU-${prng.int(10000, 99999)}`,
    name: prng.pick(PRODUCTS),
    quantity: prng.int(1, 4),
    unitPrice: money(prng, 4, 240),
  };
}

function build(domain: Domain, prng: Prng, timestamp: number): BusinessEvent {
  const place = prng.pick(CITIES);
  const customerId = `${prng.int(10000, 99999)}`;
  switch (domain) {
    case 'orders': {
      const orderId = `ORD-${new Date(timestamp).getUTCFullYear()}-${prng.int(100000, 999999)}`;
      const items = [lineItem(prng)];
      const total = items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
      return {
        domain,
        type: prng.pick(['OrderCreated', 'OrderPaid', 'OrderCancelled']),
        key: orderId,
        ids: { orderId, customerId },
        body: {
          orderId,
          customerId,
          placedAt: iso(timestamp - prng.int(1000, 600_000)),
          currency: place.currency,
          total: Math.round(total * 100) / 100,
          shippingAddress: {
            ...person(prng),
            city: place.city,
            country: place.country,
            postalCode: place.postalCode,
          },
          lineItems: items,
        },
      };
    }
    case 'payments': {
      const paymentId = `pay_${prng.alnum(14)}`;
      const orderId = `ORD-${new Date(timestamp).getUTCFullYear()}-${prng.int(100000, 999999)}`;
      return {
        domain,
        type: prng.pick(['PaymentAuthorized', 'PaymentCaptured', 'RefundRequested']),
        key: paymentId,
        ids: { paymentId, orderId, customerId },
        body: {
          paymentId,
          orderId,
          customerId,
          amount: money(prng, 5, 1800),
          currency: place.currency,
          method: {
            type: 'card',
            brand: prng.pick(['visa', 'mastercard', 'amex']),
            last4: `${prng.int(1000, 9999)}`,
          },
          attemptedAt: iso(timestamp - prng.int(500, 60_000)),
          lines: [lineItem(prng)],
        },
      };
    }
    case 'shipments': {
      const shipmentId = `SHP-${prng.int(10_000_000, 99_999_999)}`;
      return {
        domain,
        type: prng.pick(['ShipmentDispatched', 'ShipmentDelivered', 'LabelRequested']),
        key: shipmentId,
        ids: { shipmentId, customerId },
        body: {
          shipmentId,
          orderId: `ORD-${new Date(timestamp).getUTCFullYear()}-${prng.int(100000, 999999)}`,
          carrier: prng.pick(CARRIERS),
          weightKg: Math.round(prng.next() * 400) / 10,
          destination: { city: place.city, country: place.country, postalCode: place.postalCode },
          trackingEvents: [{ at: iso(timestamp - prng.int(60_000, 86_400_000)), status: 'LABEL_CREATED' }],
        },
      };
    }
    case 'inventory': {
      const sku = `SKU-${prng.int(10000, 99999)}`;
      const warehouse = prng.pick(WAREHOUSES);
      return {
        domain,
        type: prng.pick(['StockAdjusted', 'StockReserved', 'StockReleased']),
        key: sku,
        ids: { sku, warehouse },
        body: {
          sku,
          warehouse,
          delta: prng.int(-20, 50),
          reason: prng.pick(['RECEIVING', 'ORDER', 'RETURN', 'CYCLE_COUNT']),
          adjustedAt: iso(timestamp - prng.int(100, 30_000)),
          movements: [{ bin: `${prng.pick(['A', 'B', 'C'])}-${prng.int(1, 40)}-${prng.int(1, 6)}` }],
        },
      };
    }
    case 'customers': {
      const contact = person(prng);
      return {
        domain,
        type: 'CustomerUpserted',
        key: customerId,
        ids: { customerId },
        body: {
          id: Number(customerId),
          ...contact,
          country: place.country,
          marketingOptIn: prng.chance(0.4),
          updatedAt: iso(timestamp - prng.int(1000, 3_600_000)),
          addresses: [{ city: place.city, postalCode: place.postalCode }],
        },
      };
    }
    case 'users': {
      const userId = uuid(prng);
      return {
        domain,
        type: prng.pick(['UserSignedUp', 'EmailVerified', 'ProfileUpdated']),
        key: userId,
        ids: { userId },
        body: {
          userId,
          ...person(prng),
          locale: prng.pick(['en-GB', 'de-DE', 'pt-BR', 'ja-JP', 'fr-FR']),
          signupSource: prng.pick(['web', 'ios', 'android', 'partner']),
          createdAt: iso(timestamp - prng.int(1000, 600_000)),
          consents: [{ kind: 'terms', version: `2024-0${prng.int(1, 9)}` }],
        },
      };
    }
    case 'notifications': {
      const notificationId = `ntf_${prng.alnum(12)}`;
      return {
        domain,
        type: 'NotificationRequested',
        key: notificationId,
        ids: { notificationId, customerId },
        body: {
          notificationId,
          customerId,
          channel: prng.pick(['email', 'sms', 'push']),
          template: prng.pick(['order_confirmed', 'order_shipped_v2', 'password_reset', 'payment_failed']),
          locale: prng.pick(['en-GB', 'de-DE', 'pt-BR']),
          recipient: person(prng).email,
          variables: [{ name: 'orderId', value: `ORD-2024-${prng.int(100000, 999999)}` }],
        },
      };
    }
    case 'invoices': {
      const invoiceId = `INV-${new Date(timestamp).getUTCFullYear()}-${prng.int(10000, 99999)}`;
      return {
        domain,
        type: prng.pick(['InvoiceIssued', 'InvoiceVoided']),
        key: invoiceId,
        ids: { invoiceId, customerId },
        body: {
          invoiceId,
          customerId,
          issuedAt: iso(timestamp - prng.int(1000, 600_000)),
          currency: place.currency,
          billingAddress: { city: place.city, country: place.country, postalCode: place.postalCode },
          lines: [lineItem(prng)],
        },
      };
    }
    case 'clickstream': {
      const sessionId = prng.hex(24);
      return {
        domain,
        type: 'PageViewed',
        key: prng.chance(0.5) ? sessionId : null,
        ids: { sessionId },
        body: {
          sessionId,
          page: prng.pick(PAGES).replace('{id}', `${prng.int(1000, 9999)}`),
          referrer: prng.pick(['https://www.google.com/', 'https://news.ycombinator.com/', null]),
          userAgent: prng.pick(USER_AGENTS),
          viewedAt: iso(timestamp),
          events: [{ kind: 'scroll', depth: prng.int(0, 100) }],
        },
      };
    }
  }
}

// The list that grows until the event reaches its target size, so payload sizes stay realistic.
const GROWING_LIST: Record<Domain, string> = {
  orders: 'lineItems',
  payments: 'lines',
  shipments: 'trackingEvents',
  inventory: 'movements',
  customers: 'addresses',
  users: 'consents',
  notifications: 'variables',
  invoices: 'lines',
  clickstream: 'events',
};

function grow(domain: Domain, prng: Prng, timestamp: number): unknown {
  switch (domain) {
    case 'orders':
    case 'payments':
    case 'invoices':
      return lineItem(prng);
    case 'shipments':
      return {
        at: iso(timestamp - prng.int(60_000, 86_400_000)),
        status: prng.pick(['IN_TRANSIT', 'AT_HUB', 'OUT_FOR_DELIVERY']),
        location: prng.pick(CITIES).city,
      };
    case 'inventory':
      return {
        bin: `${prng.pick(['A', 'B', 'C'])}-${prng.int(1, 40)}-${prng.int(1, 6)}`,
        quantity: prng.int(1, 90),
      };
    case 'customers': {
      const place = prng.pick(CITIES);
      return {
        street: `${prng.int(1, 200)} ${prng.pick(LAST_NAMES)} Street`,
        city: place.city,
        postalCode: place.postalCode,
      };
    }
    case 'users':
      return { kind: prng.pick(['marketing', 'analytics', 'terms']), version: `2024-0${prng.int(1, 9)}` };
    case 'notifications':
      return { name: prng.pick(['firstName', 'trackingUrl', 'total']), value: prng.pick(PRODUCTS) };
    case 'clickstream':
      return {
        kind: prng.pick(['click', 'scroll', 'hover']),
        target: `#${prng.alnum(8)}`,
        depth: prng.int(0, 100),
      };
  }
}

// Stands in for the growing list while the rest of the body is serialised once.
const LIST_PLACEHOLDER = '\u0000';
const LIST_PLACEHOLDER_JSON = JSON.stringify(LIST_PLACEHOLDER);

/** One event of the domain whose JSON is about `targetSize` bytes (never below the event's minimum). */
export function businessEvent(domain: Domain, prng: Prng, timestamp: number, targetSize: number): SizedEvent {
  const event = build(domain, prng, timestamp);
  const name = GROWING_LIST[domain];
  const list = event.body[name];
  if (!Array.isArray(list)) return { ...event, json: JSON.stringify(event.body) };
  const rest = JSON.stringify({ ...event.body, [name]: LIST_PLACEHOLDER });
  const entries = list.map((entry) => JSON.stringify(entry));
  let size =
    rest.length - LIST_PLACEHOLDER_JSON.length + entries.reduce((sum, entry) => sum + entry.length + 1, 1);
  while (size < targetSize) {
    const entry = grow(domain, prng, timestamp);
    const json = JSON.stringify(entry);
    list.push(entry);
    entries.push(json);
    size += json.length + 1;
  }
  return { ...event, json: rest.replace(LIST_PLACEHOLDER_JSON, `[${entries.join(',')}]`) };
}
