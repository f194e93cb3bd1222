import { describe } from 'vitest';
import { openInfluxPopulationStore } from '../../../../src/adapters/stores/influx/population.store.ts';
import { populationContract } from '../population.contract.ts';
import { missing, storeOptions, useInfluxd } from './influx-server.ts';

describe.skipIf(missing !== undefined)('InfluxPopulationStore on a real influxd', () => {
  const server = useInfluxd();
  populationContract(() => openInfluxPopulationStore(storeOptions(server())));
});
