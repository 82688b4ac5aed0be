// Mesh's official Node SDK (@meshconnect/node-api) against mesh-mock: it starts a payment, the
// emulator plays the user's side of Link, and the SDK reads the transfer back as it would from Mesh.
// `.ci/node-sdk` starts the emulator with --control and sets MESH_MOCK_URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrontApi } from '@meshconnect/node-api';

const base = process.env.MESH_MOCK_URL;
assert.ok(base, 'MESH_MOCK_URL names the emulator started with --control');
const credentials = { 'X-Client-Id': 'mesh-mock-client-id', 'X-Client-Secret': 'mesh-mock-client-secret' };
const mesh = new FrontApi({ baseURL: base, headers: credentials });
const BASE_NETWORK = 'aa883b03-120d-477c-a588-37c2afd3ca71';
const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';

async function startPayment(userId, transactionId, amount) {
  const answer = await mesh.managedAccountAuthentication.v1LinktokenCreate({
    userId,
    transferOptions: {
      transactionId,
      transferType: 'payment',
      isInclusiveFeeEnabled: false,
      toAddresses: [{ networkId: BASE_NETWORK, symbol: 'USDC', address: ADDRESS, amount }],
    },
  });
  assert.equal(answer.data.status, 'ok');
}

async function userFinishes(transactionId, status) {
  const answer = await fetch(`${base}/_mesh-mock/transfers`, {
    method: 'POST',
    headers: { ...credentials, 'Content-Type': 'application/json' },
    body: JSON.stringify({ transactionId, status }),
  });
  assert.equal(answer.status, 201, await answer.text());
}

const transfers = (query) => mesh.managedTransfers.v1TransfersManagedMeshList(query);

test('a payment completed in the emulator reads back through the SDK with what was sent', async () => {
  await startPayment('node-user-1', 'node-order-1', 25.5);
  await userFinishes('node-order-1', 'succeeded');

  const { data } = await transfers({ ClientTransactionId: 'node-order-1' });
  assert.equal(data.status, 'ok');
  assert.equal(data.content.total, 1);
  const [transfer] = data.content.items;
  assert.equal(transfer.status, 'succeeded');
  assert.equal(transfer.clientTransactionId, 'node-order-1');
  assert.equal(transfer.userId, 'node-user-1');
  assert.equal(transfer.amount, 25.5);
  assert.equal(transfer.symbol, 'USDC');
  assert.equal(transfer.networkId, BASE_NETWORK);
  assert.equal(transfer.destinationAddress, ADDRESS);

  const byId = await transfers({ Id: transfer.id });
  assert.deepEqual(byId.data.content.items.map((t) => t.id), [transfer.id]);
});

test('a failed session reads back failed', async () => {
  await startPayment('node-user-2', 'node-order-2', 10);
  await userFinishes('node-order-2', 'failed');
  const { data } = await transfers({ ClientTransactionId: 'node-order-2' });
  assert.deepEqual(data.content.items.map((t) => t.status), ['failed']);
});

test('Count and Offset page through every transfer of a user once, with the total on each page', async () => {
  const orders = Array.from({ length: 25 }, (_, i) => `node-page-${i}`);
  for (const order of orders) {
    await startPayment('node-pager', order, 1);
    await userFinishes(order, 'succeeded');
  }
  const seen = [];
  for (let offset = 0; offset < orders.length; offset += 10) {
    const { data } = await transfers({ UserId: 'node-pager', Count: 10, Offset: offset });
    assert.equal(data.content.total, orders.length);
    seen.push(...data.content.items.map((t) => t.clientTransactionId));
  }
  assert.deepEqual([...seen].sort(), [...orders].sort());

  const newestFirst = await transfers({ UserId: 'node-pager', Count: 100, DescendingOrder: true });
  const times = newestFirst.data.content.items.map((t) => t.createdTimestamp);
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
});

test("a query the spec refuses is a 400 in Mesh's envelope that the SDK surfaces", async () => {
  const refusal = await transfers({ UserId: 'u'.repeat(51) }).then(
    () => assert.fail('a 51-character UserId was accepted'),
    (error) => error.response,
  );
  assert.equal(refusal.status, 400);
  assert.equal(refusal.data.status, 'badRequest');
  assert.match(refusal.data.message, /UserId/);
});

test('without credentials the SDK gets a 401', async () => {
  const anonymous = new FrontApi({ baseURL: base });
  const refusal = await anonymous.managedTransfers.v1TransfersManagedMeshList({}).then(
    () => assert.fail('the emulator answered without credentials'),
    (error) => error.response,
  );
  assert.equal(refusal.status, 401);
});

test("the SDK sends list filters as Statuses[]=, not the spec's repeated name, and the emulator ignores them", async () => {
  await startPayment('node-user-3', 'node-order-3', 3);
  await userFinishes('node-order-3', 'failed');
  const answer = await transfers({ UserId: 'node-user-3', Statuses: ['succeeded'] });
  assert.match(answer.request.path, /Statuses%5B%5D=succeeded/);
  assert.deepEqual(answer.data.content.items.map((t) => t.status), ['failed']);

  const spelledAsTheSpecDoes = await fetch(
    `${base}/api/v1/transfers/managed/mesh?UserId=node-user-3&Statuses=succeeded`,
    { headers: credentials },
  ).then((r) => r.json());
  assert.deepEqual(spelledAsTheSpecDoes.content.items, []);
});
