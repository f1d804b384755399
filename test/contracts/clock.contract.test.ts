import { FakeClock } from '../../src/adapters/fakes/fake-clock';
import { SystemClock } from '../../src/adapters/system/system-clock';
import { describeClockContract } from './clock.contract';

describeClockContract('SystemClock', () => new SystemClock());
describeClockContract('FakeClock', () => new FakeClock());
