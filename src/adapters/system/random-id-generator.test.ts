import { idGeneratorContract } from '../../application/ports/id-generator.contract.js';
import { RandomIdGenerator } from './random-id-generator.js';

idGeneratorContract('RandomIdGenerator', async () => new RandomIdGenerator());
