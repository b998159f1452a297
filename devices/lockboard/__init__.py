"""Lock-control boards: the "8A/80" protocol, a pyserial driver, a pty simulator, a fake.

No Qt here; the GUI wraps these blocking calls in a worker thread. See docs/lockboard.md.
"""

from devices.lockboard.api import (
    BoardSnapshot,
    LockBoard,
    LockState,
    OpenResult,
    Polarity,
    ReconcileReport,
    wait_until_closed,
)
from devices.lockboard.driver import DriverConfig, SerialLockBoard
from devices.lockboard.errors import (
    BadChecksum,
    CommunicationError,
    CooldownActive,
    DoorLeftOpen,
    GarbledReply,
    LockBoardError,
    LockJammed,
    MiswiredChannel,
    NoReply,
    OpenOutcomeUnknown,
    PortUnavailable,
    SensorSuspect,
    TruncatedReply,
    WaitCancelled,
    WrongAddressReply,
)
from devices.lockboard.fake import InMemoryLockBoard
from devices.lockboard.faults import Fault, FaultKind
from devices.lockboard.sim import LockSimulator, SimRecord, SimTiming

__all__ = [
    "BadChecksum",
    "BoardSnapshot",
    "CommunicationError",
    "CooldownActive",
    "DoorLeftOpen",
    "DriverConfig",
    "Fault",
    "FaultKind",
    "GarbledReply",
    "InMemoryLockBoard",
    "LockBoard",
    "LockBoardError",
    "LockJammed",
    "LockSimulator",
    "LockState",
    "MiswiredChannel",
    "NoReply",
    "OpenOutcomeUnknown",
    "OpenResult",
    "Polarity",
    "PortUnavailable",
    "ReconcileReport",
    "SensorSuspect",
    "SerialLockBoard",
    "SimRecord",
    "SimTiming",
    "TruncatedReply",
    "WaitCancelled",
    "WrongAddressReply",
    "wait_until_closed",
]
