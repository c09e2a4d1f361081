export {
  ZSystemInput,
  listSystems,
  getSystem,
  createSystem,
  updateSystem,
  deleteSystem,
  unknownProductIds,
  createSystemFromUnknown,
  type TSystemInput,
} from "./systems.ts";
export { ZCustomerInput, listCustomers, createCustomer } from "./customers.ts";
