# The paper's classification schedule (Sec. 6.1): Adam, lr 1e-3 for the
# classification head and 1e-6 for the backbone, 30 epochs, x0.1 at 20, 25.
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3, weight_decay=0),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1e-3)}))
param_scheduler = dict(
    type='MultiStepLR', by_epoch=True, milestones=[20, 25], gamma=0.1)
train_cfg = dict(by_epoch=True, max_epochs=30, val_interval=1)
val_cfg = dict()
test_cfg = dict()
# Base learning rate for 1 GPU x batch 16; see mmengine's auto_scale_lr.
auto_scale_lr = dict(base_batch_size=16)
