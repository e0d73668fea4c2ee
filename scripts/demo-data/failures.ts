import type { BusinessEvent, Domain } from './business-events';
import type { Prng } from './prng';

export type ConnectStage = 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'TRANSFORMATION' | 'TASK_PUT';

export interface ErrorInfo {
  errorClass: string;
  /** Null when the exception carried no message (Java's NullPointerException, for one). */
  message: string | null;
}

/** Why a record ended in its DLQ, as the failing framework saw it. */
export interface Failure extends ErrorInfo {
  cause?: ErrorInfo;
  /** Frames of the application code; conventions add their framework's frames below them. */
  frames: string[];
  /** Short machine code written by hand-rolled envelopes. */
  code: string;
  /** Kafka Connect only: the stage and the class (converter, transform, task) that failed. */
  connect?: { stage: ConnectStage; className: string };
  /** Spring only: the key, not the value, failed to deserialize. */
  keyDeserialization?: boolean;
}

interface FailureTemplate {
  weight: number;
  build(prng: Prng, event: BusinessEvent, timestamp: number): Failure;
}

const JDBC_SINK_TASK = 'io.confluent.connect.jdbc.sink.JdbcSinkTask';

const quoted = (value: string): string => `'${value}'`;

/** The failure behind the demo's incident: one class, many records, messages differing only in ids. */
export function incidentFailure(prng: Prng, event: BusinessEvent): Failure {
  return {
    errorClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
    message:
      `Listener method 'public void com.acme.orders.OrderEventsListener.onOrder(com.acme.orders.OrderEvent)' ` +
      `threw exception; nested exception is org.springframework.web.client.ResourceAccessException: ` +
      `I/O error on POST request for "http://inventory-service.prod.svc:8080/api/v1/reservations/${event.ids.orderId}": ` +
      `Read timed out after ${prng.int(30000, 30250)} ms`,
    cause: { errorClass: 'java.net.SocketTimeoutException', message: 'Read timed out' },
    frames: [
      'com.acme.orders.InventoryClient.reserve(InventoryClient.java:88)',
      'com.acme.orders.OrderService.reserveStock(OrderService.java:142)',
      'com.acme.orders.OrderEventsListener.onOrder(OrderEventsListener.java:57)',
    ],
    code: 'INVENTORY_TIMEOUT',
  };
}

const TEMPLATES: Record<Domain, FailureTemplate[]> = {
  orders: [
    {
      weight: 5,
      build: (prng) => ({
        errorClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
        message:
          `Listener method 'public void com.acme.orders.OrderEventsListener.onOrder(com.acme.orders.OrderEvent)' ` +
          `threw exception; nested exception is org.springframework.dao.DataIntegrityViolationException: ` +
          `could not execute statement; SQL [n/a]; constraint [uk_orders_external_ref]; Duplicate entry ` +
          `'SHOP-${prng.int(100000, 999999)}' for key 'uk_orders_external_ref'`,
        cause: {
          errorClass: 'org.hibernate.exception.ConstraintViolationException',
          message: 'could not execute statement',
        },
        frames: [
          'com.acme.orders.OrderRepository.save(OrderRepository.java:61)',
          `com.acme.orders.OrderService.create(OrderService.java:${prng.pick([97, 98])})`,
          'com.acme.orders.OrderEventsListener.onOrder(OrderEventsListener.java:52)',
        ],
        code: 'DUPLICATE_ORDER',
      }),
    },
    {
      weight: 4,
      build: (prng, event) => ({
        errorClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
        message:
          `Listener method 'public void com.acme.orders.OrderEventsListener.onOrder(com.acme.orders.OrderEvent)' ` +
          `threw exception; nested exception is java.lang.IllegalStateException: Order ${event.ids.orderId} ` +
          `is in state ${prng.pick(['CANCELLED', 'REFUNDED'])}, cannot transition to PAID`,
        cause: {
          errorClass: 'java.lang.IllegalStateException',
          message: `Order ${event.ids.orderId} is in state CANCELLED, cannot transition to PAID`,
        },
        frames: [
          'com.acme.orders.OrderStateMachine.transition(OrderStateMachine.java:33)',
          'com.acme.orders.OrderService.markPaid(OrderService.java:171)',
          'com.acme.orders.OrderEventsListener.onOrder(OrderEventsListener.java:55)',
        ],
        code: 'ILLEGAL_TRANSITION',
      }),
    },
    {
      weight: 2,
      build: (prng) => {
        const text = `${prng.int(1, 28)}/${prng.int(1, 12)}/2024 ${prng.int(10, 23)}:${prng.int(10, 59)}`;
        return {
          errorClass: 'org.springframework.kafka.support.serializer.DeserializationException',
          message: 'failed to deserialize',
          cause: {
            errorClass: 'com.fasterxml.jackson.databind.exc.InvalidFormatException',
            message:
              `Cannot deserialize value of type \`java.time.Instant\` from String "${text}": Failed to ` +
              `deserialize java.time.Instant: (java.time.format.DateTimeParseException) Text '${text}' could ` +
              `not be parsed at index ${prng.int(1, 2)}`,
          },
          frames: [
            'org.springframework.kafka.support.serializer.JsonDeserializer.deserialize(JsonDeserializer.java:598)',
            'org.springframework.kafka.support.serializer.ErrorHandlingDeserializer.deserialize(ErrorHandlingDeserializer.java:204)',
          ],
          code: 'BAD_PAYLOAD',
        };
      },
    },
  ],
  payments: [
    {
      weight: 6,
      build: (prng, event) => ({
        errorClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
        message:
          `Listener method 'public void com.acme.payments.PaymentListener.onPayment(com.acme.payments.PaymentEvent)' ` +
          `threw exception; nested exception is com.acme.payments.PaymentDeclinedException: Payment ` +
          `${event.ids.paymentId} declined by issuer: ${prng.pick(['insufficient_funds', 'do_not_honor'])} ` +
          `(decline code ${prng.pick(['51', '05'])})`,
        cause: {
          errorClass: 'com.acme.payments.PaymentDeclinedException',
          message: `Payment ${event.ids.paymentId} declined by issuer`,
        },
        frames: [
          'com.acme.payments.gateway.CardGateway.capture(CardGateway.java:212)',
          'com.acme.payments.PaymentService.capture(PaymentService.java:88)',
          'com.acme.payments.PaymentListener.onPayment(PaymentListener.java:41)',
        ],
        code: 'PAYMENT_DECLINED',
      }),
    },
    {
      weight: 3,
      build: (prng) => ({
        errorClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
        message:
          `Listener method 'public void com.acme.payments.PaymentListener.onPayment(com.acme.payments.PaymentEvent)' ` +
          `threw exception; nested exception is java.lang.IllegalArgumentException: Unsupported currency ` +
          `${quoted(prng.pick(['XAU', 'BTC', 'ZWL']))} for merchant acct_${prng.alnum(10)}`,
        cause: { errorClass: 'java.lang.IllegalArgumentException', message: 'Unsupported currency' },
        frames: [
          'com.acme.payments.Currencies.require(Currencies.java:27)',
          'com.acme.payments.PaymentService.capture(PaymentService.java:71)',
          'com.acme.payments.PaymentListener.onPayment(PaymentListener.java:41)',
        ],
        code: 'UNSUPPORTED_CURRENCY',
      }),
    },
    {
      weight: 2,
      build: () => ({
        errorClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
        message:
          `Listener method 'public void com.acme.payments.PaymentListener.onPayment(com.acme.payments.PaymentEvent)' ` +
          `threw exception; nested exception is java.lang.ArithmeticException: Rounding necessary`,
        cause: { errorClass: 'java.lang.ArithmeticException', message: 'Rounding necessary' },
        frames: [
          'java.base/java.math.BigDecimal.commonNeedIncrement(BigDecimal.java:4628)',
          'java.base/java.math.BigDecimal.setScale(BigDecimal.java:2951)',
          'com.acme.payments.FeeCalculator.fee(FeeCalculator.java:19)',
          'com.acme.payments.PaymentListener.onPayment(PaymentListener.java:44)',
        ],
        code: 'ROUNDING',
      }),
    },
    {
      weight: 1,
      build: () => ({
        errorClass: 'org.springframework.kafka.support.serializer.DeserializationException',
        message:
          'failed to deserialize; nested exception is org.apache.kafka.common.errors.SerializationException: ' +
          'Size of data received by LongDeserializer is not 8',
        cause: {
          errorClass: 'org.apache.kafka.common.errors.SerializationException',
          message: 'Size of data received by LongDeserializer is not 8',
        },
        frames: [
          'org.apache.kafka.common.serialization.LongDeserializer.deserialize(LongDeserializer.java:33)',
          'org.springframework.kafka.support.serializer.ErrorHandlingDeserializer.deserialize(ErrorHandlingDeserializer.java:197)',
        ],
        code: 'BAD_KEY',
        keyDeserialization: true,
      }),
    },
  ],
  shipments: [
    {
      weight: 5,
      build: (prng) => ({
        errorClass: 'org.springframework.messaging.MessageHandlingException',
        message:
          `error occurred in message handler [ShipmentBillingHandler]; nested exception is ` +
          `java.lang.IllegalStateException: No tariff configured for carrier ${quoted(prng.pick(['DHL', 'GLS', 'DPD']))} ` +
          `zone EU-${prng.int(1, 9)} weight ${prng.int(20, 70)}.${prng.int(0, 9)} kg`,
        cause: { errorClass: 'java.lang.IllegalStateException', message: 'No tariff configured' },
        frames: [
          'com.acme.billing.TariffTable.lookup(TariffTable.java:64)',
          'com.acme.billing.ShipmentBillingHandler.accept(ShipmentBillingHandler.java:38)',
        ],
        code: 'NO_TARIFF',
      }),
    },
    {
      weight: 3,
      build: (prng, event) => ({
        errorClass: 'org.springframework.messaging.MessageHandlingException',
        message:
          `error occurred in message handler [ShipmentBillingHandler]; nested exception is feign.RetryableException: ` +
          `Read timed out executing POST http://carrier-gateway/api/v2/labels/${event.ids.shipmentId}`,
        cause: {
          errorClass: 'feign.RetryableException',
          message: `Read timed out executing POST http://carrier-gateway/api/v2/labels/${event.ids.shipmentId}`,
        },
        frames: [
          'feign.FeignException.errorExecuting(FeignException.java:268)',
          'com.acme.billing.CarrierClient.label(CarrierClient.java)',
          `com.acme.billing.ShipmentBillingHandler.accept(ShipmentBillingHandler.java:${prng.pick([41, 42])})`,
        ],
        code: 'CARRIER_TIMEOUT',
      }),
    },
    {
      weight: 1,
      build: (prng) => ({
        errorClass: 'org.springframework.messaging.converter.MessageConversionException',
        message:
          `Cannot convert from [[B] to [com.acme.shipping.ShipmentDispatched] for GenericMessage ` +
          `[payload=byte[${prng.int(600, 1400)}], headers={id=${prng.hex(8)}-${prng.hex(4)}-${prng.hex(4)}, ` +
          `contentType=application/json, timestamp=${prng.int(1_700_000_000, 1_799_999_999)}${prng.int(100, 999)}}]`,
        frames: [
          'org.springframework.cloud.stream.converter.ApplicationJsonMessageMarshallingConverter.convertFromInternal(ApplicationJsonMessageMarshallingConverter.java:114)',
        ],
        code: 'CONVERSION',
      }),
    },
  ],
  inventory: [
    {
      weight: 5,
      build: (prng, event) => ({
        errorClass: 'java.lang.IllegalArgumentException',
        message: `Stock for ${event.ids.sku} in warehouse ${event.ids.warehouse} would become negative (${-prng.int(1, 40)})`,
        frames: [
          'com.acme.inventory.StockItem.adjust(StockItem.java:52)',
          'com.acme.inventory.StockConsumer.consume(StockConsumer.java:30)',
        ],
        code: 'NEGATIVE_STOCK',
      }),
    },
    {
      weight: 3,
      build: (prng) => ({
        errorClass: 'jakarta.persistence.OptimisticLockException',
        message:
          `Row was updated or deleted by another transaction (or unsaved-value mapping was incorrect) : ` +
          `[com.acme.inventory.StockItem#${prng.int(1000, 99999)}]`,
        cause: {
          errorClass: 'org.hibernate.StaleObjectStateException',
          message: 'Row was updated or deleted by another transaction',
        },
        frames: [
          'org.hibernate.persister.entity.AbstractEntityPersister.check(AbstractEntityPersister.java:2536)',
          'com.acme.inventory.StockConsumer.consume(StockConsumer.java:34)',
        ],
        code: 'OPTIMISTIC_LOCK',
      }),
    },
    {
      weight: 2,
      build: (prng) => ({
        errorClass: 'io.vertx.pgclient.PgException',
        message: `FATAL: remaining connection slots are reserved for non-replication superuser connections (53300)`,
        cause: {
          errorClass: 'io.netty.channel.AbstractChannel$AnnotatedConnectException',
          message: `Connection refused: inventory-db.prod.internal/10.0.4.${prng.int(2, 250)}:5432`,
        },
        frames: ['io.vertx.pgclient.impl.PgSocketConnection.handleMessage(PgSocketConnection.java:114)'],
        code: 'DB_UNAVAILABLE',
      }),
    },
  ],
  customers: [
    {
      weight: 4,
      build: (prng) => ({
        errorClass: 'org.apache.kafka.connect.errors.DataException',
        message:
          'Converting byte[] to Kafka Connect data failed due to serialization error of topic customers: ',
        cause: {
          errorClass: 'org.apache.kafka.common.errors.SerializationException',
          message: 'Unknown magic byte!',
        },
        frames: [
          'io.confluent.connect.avro.AvroConverter.toConnectData(AvroConverter.java:133)',
          `org.apache.kafka.connect.storage.Converter.toConnectData(Converter.java:${prng.pick([88, 87])})`,
        ],
        code: 'SERDE',
        connect: { stage: 'VALUE_CONVERTER', className: 'io.confluent.connect.avro.AvroConverter' },
      }),
    },
    {
      weight: 4,
      build: (prng, event) => ({
        errorClass: 'org.apache.kafka.connect.errors.ConnectException',
        message:
          `java.sql.SQLException: Exception chain:\njava.sql.BatchUpdateException: Batch entry 0 INSERT INTO ` +
          `"customers" ("id","email","country") VALUES (${event.ids.customerId},NULL,'DE') was aborted: ERROR: ` +
          `null value in column "email" of relation "customers" violates not-null constraint\n  Detail: Failing ` +
          `row contains (${event.ids.customerId}, null, DE, ${prng.chance(0.5)}).`,
        cause: { errorClass: 'java.sql.SQLException', message: 'Exception chain' },
        frames: [
          'io.confluent.connect.jdbc.sink.JdbcSinkTask.put(JdbcSinkTask.java:122)',
          'io.confluent.connect.jdbc.sink.JdbcDbWriter.write(JdbcDbWriter.java:81)',
        ],
        code: 'DB_CONSTRAINT',
        connect: { stage: 'TASK_PUT', className: JDBC_SINK_TASK },
      }),
    },
    {
      weight: 2,
      build: () => ({
        errorClass: 'java.lang.NullPointerException',
        message: null,
        frames: [
          'org.apache.kafka.connect.transforms.TimestampConverter.convertTimestamp(TimestampConverter.java:443)',
          'org.apache.kafka.connect.transforms.TimestampConverter.applyWithSchema(TimestampConverter.java:365)',
        ],
        code: 'NPE',
        connect: {
          stage: 'TRANSFORMATION',
          className: 'org.apache.kafka.connect.transforms.TimestampConverter$Value',
        },
      }),
    },
  ],
  users: [
    {
      weight: 3,
      build: () => ({
        errorClass: 'org.apache.kafka.connect.errors.DataException',
        message:
          'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional ' +
          'fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter ' +
          'configuration.',
        frames: ['org.apache.kafka.connect.json.JsonConverter.toConnectData(JsonConverter.java:328)'],
        code: 'SERDE',
        connect: { stage: 'VALUE_CONVERTER', className: 'org.apache.kafka.connect.json.JsonConverter' },
      }),
    },
    {
      weight: 2,
      build: (prng) => ({
        errorClass: 'org.apache.kafka.connect.errors.DataException',
        message: `Only Struct objects supported for [field extraction], found: ${prng.pick(['java.lang.String', 'java.util.HashMap'])}`,
        frames: ['org.apache.kafka.connect.transforms.util.Requirements.requireStruct(Requirements.java:52)'],
        code: 'TRANSFORM',
        connect: {
          stage: 'TRANSFORMATION',
          className: 'org.apache.kafka.connect.transforms.ExtractField$Value',
        },
      }),
    },
  ],
  notifications: [
    {
      weight: 5,
      build: (prng) => ({
        errorClass: 'SmtpTemporaryError',
        message:
          `SMTP 451 4.7.1 Temporary local problem, please try again later (relay mail-${prng.int(1, 6)}.internal, ` +
          `queue id ${prng.hex(10).toUpperCase()})`,
        frames: [],
        code: 'SMTP_TEMPFAIL',
      }),
    },
    {
      weight: 3,
      build: (prng) => ({
        errorClass: 'TemplateNotFoundError',
        message: `Template ${quoted(prng.pick(['order_shipped_v2', 'payment_failed']))} not found for locale ${quoted(prng.pick(['pt-BR', 'ja-JP']))}`,
        frames: [],
        code: 'TEMPLATE_NOT_FOUND',
      }),
    },
    {
      weight: 2,
      build: (prng) => ({
        errorClass: 'ValidationError',
        message: `Invalid phone number '+44 20 ${prng.int(1000, 9999)} ${prng.int(1000, 9999)}x' for channel sms`,
        frames: [],
        code: 'INVALID_RECIPIENT',
      }),
    },
  ],
  invoices: [
    {
      weight: 4,
      build: (prng, _event, timestamp) => ({
        errorClass: 'TaxCalculationError',
        message: `No tax rate for region 'US-OR-${prng.int(97001, 97920)}' on ${new Date(timestamp).toISOString().slice(0, 10)}`,
        cause: { errorClass: 'RateNotFound', message: `rate table 2024-Q${prng.int(1, 4)} has no entry` },
        frames: [],
        code: 'TAX_RATE_MISSING',
      }),
    },
    {
      weight: 3,
      build: (prng, event) => ({
        errorClass: 'RenderTimeoutError',
        message: `PDF rendering timed out after ${prng.pick([30000, 30001, 30002])}ms for invoice ${event.ids.invoiceId}`,
        frames: [],
        code: 'PDF_TIMEOUT',
      }),
    },
    {
      weight: 2,
      build: (prng) => ({
        errorClass: 'ValidationError',
        message: `lines[${prng.int(0, 6)}].quantity must be a positive integer, got ${-prng.int(1, 5)}`,
        frames: [],
        code: 'INVALID_LINE',
      }),
    },
  ],
  clickstream: [
    {
      weight: 1,
      build: () => ({
        errorClass: 'org.apache.kafka.common.errors.SerializationException',
        message: 'Error deserializing Avro message for id -1',
        frames: [],
        code: 'UNREADABLE',
      }),
    },
  ],
};

export function failureFor(domain: Domain, prng: Prng, event: BusinessEvent, timestamp: number): Failure {
  return prng.weighted(TEMPLATES[domain]).build(prng, event, timestamp);
}

function describe(info: ErrorInfo): string {
  return info.message === null ? info.errorClass : `${info.errorClass}: ${info.message}`;
}

/** A Java-style stack trace: the application's frames, then the framework's, then the cause. */
export function javaStackTrace(failure: Failure, frameworkFrames: readonly string[]): string {
  const lines = [
    describe(failure),
    ...[...failure.frames, ...frameworkFrames].map((frame) => `\tat ${frame}`),
  ];
  if (failure.cause) {
    lines.push(
      `Caused by: ${describe(failure.cause)}`,
      `\tat ${failure.frames[0] ?? 'java.base/java.lang.Thread.run(Thread.java:1583)'}`,
    );
    lines.push(`\t... ${failure.frames.length + frameworkFrames.length - 1} more`);
  }
  return lines.join('\n');
}
