// docs/use-in-your-tool.md: a MongoClient; every pooled and monitoring connection uses the configured TLS options.
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { configure } from '@dbtls/core';
import { mongodbEngine } from '@dbtls/engine-nosql/mongodb';

export async function mongodbExample(url: string, caFile: string): Promise<number> {
  const cfg = await configure<[string, MongoClientOptions]>(mongodbEngine, { url, mode: 'verify-identity', caFile });
  const client = new MongoClient(...cfg.args);
  try {
    const answer = await client.db('admin').command({ ping: 1 });
    return Number(answer.ok);
  } finally {
    await client.close();
  }
}
