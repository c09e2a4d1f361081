export {
  ZSystemInput,
  ZSystemPatch,
  listSystems,
  getSystem,
  createSystem,
  updateSystem,
  deleteSystem,
  unknownProductIds,
  createSystemFromUnknown,
  encryptLegacyCommunities,
  type TSystemInput,
} from "./systems.ts";
export { ZCustomerInput, listCustomers, createCustomer } from "./customers.ts";
export { SYSTEMS_CHANNEL, announceSystemsChanged } from "./changes.ts";
